/** Terminal display width: East Asian wide characters take two columns. */
export function displayWidth(s: string): number {
  return [...s].reduce(
    (n, c) =>
      n +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1),
    0,
  );
}

export const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - displayWidth(s)));
export const padStart = (s: string, n: number): string => ' '.repeat(Math.max(0, n - displayWidth(s))) + s;
