/**
 * Deterministic, readable payloads: a failure report then shows text a person recognizes.
 */
const IUT_TEXT = 'iut-data:0123456789abcdefghijklmnopqrstuvwxyz;';
const PEER_TEXT = 'peer-data:ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210;';

function repeatTo(text: string, n: number): string {
  return text.repeat(Math.ceil(n / text.length)).slice(0, n);
}

/** What the IUT's application sends. */
export function appData(n: number): string {
  return repeatTo(IUT_TEXT, n);
}

/** What the tester sends in its k-th data segment. */
export function peerData(n: number, k: number): string {
  return repeatTo(`#${k}:${PEER_TEXT}`, n);
}
