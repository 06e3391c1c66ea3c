/**
 * A Svelte action that makes a textarea grow with its text (a 20,000-character account is
 * not read through a six-line slot), up to most of the window, where it scrolls inside
 * instead so the page stays navigable. Runs on input and whenever the value is set from
 * outside (`update`, e.g. an answer loaded after unlock).
 */
export function autogrow(node: HTMLTextAreaElement, _value?: string) {
  const fit = () => {
    const max = Math.round(window.innerHeight * 0.8);
    node.style.height = "auto";
    const wanted = node.scrollHeight + (node.offsetHeight - node.clientHeight);
    const height = Math.min(wanted, max);
    // never below the rows the markup asks for
    if (height > node.clientHeight) node.style.height = `${height}px`;
    else node.style.height = "";
    node.style.overflowY = wanted > max ? "auto" : "hidden";
  };
  queueMicrotask(fit);
  node.addEventListener("input", fit);
  window.addEventListener("resize", fit);
  return {
    update() {
      queueMicrotask(fit);
    },
    destroy() {
      node.removeEventListener("input", fit);
      window.removeEventListener("resize", fit);
    },
  };
}
