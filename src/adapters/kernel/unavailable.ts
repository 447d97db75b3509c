/** The kernel adapter cannot run on this machine (not root, no TUN, no namespaces, …): its tests are pending with this reason. */
export class Unavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'Unavailable';
  }
}
