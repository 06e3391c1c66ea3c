/**
 * Helpers for component tests: mount the real App in jsdom against the fake backend, find
 * elements by data-testid, type, click, wait.
 */
import { flushSync, mount, unmount } from "svelte";
import App from "../App.svelte";
import { AppController, type ControllerOptions } from "../lib/app.svelte";
import { FakeBackend, settle } from "./fake-backend";

export const PASSPHRASE = "correct horse battery staple";

export class Screen {
  readonly target: HTMLElement;
  readonly app: AppController;
  #component: ReturnType<typeof mount>;

  constructor(backend: FakeBackend, options: ControllerOptions = {}) {
    this.target = document.createElement("div");
    document.body.appendChild(this.target);
    this.app = new AppController(backend, options);
    this.#component = mount(App, { target: this.target, props: { app: this.app } });
    flushSync();
  }

  destroy(): void {
    unmount(this.#component);
    this.target.remove();
  }

  /** Searches the whole document: dialogs are portalled to <body>. */
  find<T extends HTMLElement = HTMLElement>(id: string): T | null {
    return document.querySelector<T>(`[data-testid="${id.replace(/["\\]/g, "\\$&")}"]`);
  }

  get<T extends HTMLElement = HTMLElement>(id: string): T {
    const el = this.find<T>(id);
    if (!el) throw new Error(`no element with data-testid=${id}`);
    return el;
  }

  has(id: string): boolean {
    return this.find(id) !== null;
  }

  type(id: string, value: string): void {
    const input = this.get<HTMLInputElement | HTMLTextAreaElement>(id);
    input.focus();
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    flushSync();
  }

  blur(id: string): void {
    const el = this.get(id);
    el.dispatchEvent(new FocusEvent("blur"));
    el.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    el.blur();
    flushSync();
  }

  select(id: string, value: string): void {
    const select = this.get<HTMLSelectElement>(id);
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    flushSync();
  }

  click(id: string): void {
    this.get(id).click();
    flushSync();
  }

  text(id: string): string {
    return (this.get(id).textContent ?? "").replace(/\s+/g, " ").trim();
  }

  async waitFor(check: () => boolean, what = "condition", ms = 2000): Promise<void> {
    const end = Date.now() + ms;
    flushSync();
    while (!check()) {
      if (Date.now() > end) throw new Error(`${what} not met in time`);
      await new Promise((r) => setTimeout(r, 10));
      flushSync();
    }
  }

  async waitShown(id: string, ms = 2000): Promise<HTMLElement> {
    await this.waitFor(() => this.has(id), `${id} shown`, ms);
    return this.get(id);
  }

  /** Unlocks the fake vault and waits for the case list. */
  async unlock(): Promise<void> {
    await settle();
    flushSync();
    this.type("unlock-passphrase", PASSPHRASE);
    this.click("unlock-submit");
    await this.waitShown("screen-cases");
    await this.waitFor(() => !this.has("cases-loading"), "case list loaded");
  }

  /**
   * Unlocks as `user` (chosen in the user select) and waits for the home screen and, if the
   * role starts on the board, for its first page.
   */
  async unlockAs(user: string): Promise<void> {
    await settle();
    flushSync();
    this.select("unlock-user", user);
    this.type("unlock-passphrase", PASSPHRASE);
    this.click("unlock-submit");
    await this.waitShown("screen-home");
    if (this.has("screen-board")) await this.waitBoard();
    if (this.has("screen-cases")) await this.waitFor(() => !this.has("cases-loading"), "case list loaded");
  }

  /** Waits until the board shows a page and is not loading another one. */
  async waitBoard(): Promise<void> {
    await this.waitFor(() => {
      if (!this.has("board-total")) return false;
      const table = this.find("board-table"); // an empty board has none
      return table === null || table.getAttribute("aria-busy") !== "true";
    }, "board page loaded");
  }

  /** From the case list: a new interview, open at its first section. */
  async newInterview(): Promise<void> {
    this.click("new-interview");
    await this.waitShown("screen-interview");
  }
}

export { settle };
