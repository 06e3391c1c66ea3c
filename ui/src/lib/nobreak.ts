/** A text cut into pieces, those in `keep` marked so they can be kept on one line. */
export interface Piece {
  text: string;
  keep: boolean;
}

/** `text` split around every occurrence of a string of `keep` (longest first; empty ones ignored). */
export function splitKeeping(text: string, keep: readonly string[]): Piece[] {
  const wanted = [...new Set(keep.filter((k) => k !== ""))].sort((a, b) => b.length - a.length);
  const out: Piece[] = [];
  let rest = text;
  while (rest !== "") {
    let at = -1;
    let found = "";
    for (const k of wanted) {
      const i = rest.indexOf(k);
      if (i >= 0 && (at < 0 || i < at)) {
        at = i;
        found = k;
      }
    }
    if (at < 0) {
      out.push({ text: rest, keep: false });
      break;
    }
    if (at > 0) out.push({ text: rest.slice(0, at), keep: false });
    out.push({ text: found, keep: true });
    rest = rest.slice(at + found.length);
  }
  return out;
}
