/**
 * The real components, mounted in jsdom against the fake backend: what a person sees and
 * can do on each screen. (The real window is tested end to end in tests/e2e/.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushSync, mount, unmount } from "svelte";
import App from "./App.svelte";
import { AppController } from "./lib/app.svelte";
import { FAKE_RECOVERY_KEY, FakeBackend, settle } from "./test/fake-backend";

const PASSPHRASE = "correct horse battery staple";

let component: ReturnType<typeof mount> | null = null;
let target: HTMLElement;

beforeEach(() => {
  target = document.createElement("div");
  document.body.appendChild(target);
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  target.remove();
});

async function render(backend: FakeBackend) {
  const app = new AppController(backend);
  component = mount(App, { target, props: { app } });
  flushSync();
  await settle();
  flushSync();
  return app;
}

function byTestId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = target.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no element with data-testid=${id}`);
  return el;
}

function has(id: string): boolean {
  return target.querySelector(`[data-testid="${id}"]`) !== null;
}

function type(id: string, value: string) {
  const input = byTestId<HTMLInputElement>(id);
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

async function waitFor(check: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
    flushSync();
  }
}

function submit(id: string) {
  byTestId<HTMLButtonElement>(id).click();
  flushSync();
}

describe("App", () => {
  it("first run: create → recovery (confirm last group) → home, without web storage", async () => {
    const setItem = vi.spyOn(Storage.prototype, "setItem");
    const backend = new FakeBackend();
    await render(backend);
    expect(has("screen-setup")).toBe(true);
    expect(document.activeElement).toBe(byTestId("setup-user"));

    type("setup-user", "caseworker-demo");
    type("setup-passphrase", PASSPHRASE);
    type("setup-confirm", PASSPHRASE.slice(0, -1));
    await waitFor(() => byTestId("strength-meter").dataset.state === "done");
    expect(byTestId("strength-meter").dataset.acceptable).toBe("true");
    expect(byTestId<HTMLButtonElement>("setup-submit").disabled).toBe(true); // mismatch
    expect(byTestId("setup-mismatch").textContent).toContain("not the same");

    type("setup-confirm", PASSPHRASE);
    expect(byTestId<HTMLButtonElement>("setup-submit").disabled).toBe(false);
    submit("setup-submit");
    await waitFor(() => has("screen-recovery"));
    expect(byTestId("recovery-key").textContent).toBe(FAKE_RECOVERY_KEY);

    type("recovery-confirm-input", "9TBW");
    submit("recovery-continue");
    expect(has("screen-recovery")).toBe(true);
    expect(has("recovery-mismatch")).toBe(true);

    type("recovery-confirm-input", "rj4n");
    submit("recovery-continue");
    expect(has("screen-home")).toBe(true);
    expect(target.textContent).not.toContain(FAKE_RECOVERY_KEY);
    expect(byTestId("header-user").textContent).toBe("caseworker-demo");
    expect(byTestId("header-role").textContent).toBe("Administrator");

    expect(setItem).not.toHaveBeenCalled();
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
    expect(document.cookie).toBe("");
  });

  it("keeps Create disabled while the passphrase is weak, and shows the feedback", async () => {
    await render(new FakeBackend());
    type("setup-user", "caseworker-demo");
    type("setup-passphrase", "abc123");
    type("setup-confirm", "abc123");
    await waitFor(() => byTestId("strength-meter").dataset.state === "done");
    expect(byTestId("strength-meter").dataset.acceptable).toBe("false");
    expect(byTestId("strength-feedback").textContent).toBe("Too short. Add more words.");
    expect(byTestId<HTMLButtonElement>("setup-submit").disabled).toBe(true);
  });

  it("switches the language on the setup screen and sets <html lang>", async () => {
    const backend = new FakeBackend();
    await render(backend);
    expect(document.documentElement.lang).toBe("en");
    expect(target.querySelector("h1")?.textContent).toBe("Set up a new vault");
    byTestId("lang-ru").click();
    flushSync();
    expect(target.querySelector("h1")?.textContent).toBe("Создание хранилища");
    expect(document.documentElement.lang).toBe("ru");
    expect(byTestId("lang-ru").getAttribute("aria-pressed")).toBe("true");
    await settle();
    expect(backend.language).toBe("ru");
  });

  it("unlock: a wrong passphrase shows auth_failed and clears the field; the right one opens", async () => {
    const backend = FakeBackend.withVault();
    await render(backend);
    expect(has("screen-unlock")).toBe(true);
    expect(byTestId<HTMLSelectElement>("unlock-user").value).toBe("caseworker-demo");

    type("unlock-passphrase", "not the passphrase");
    submit("unlock-submit");
    await waitFor(() => has("unlock-error"));
    expect(byTestId("unlock-error").dataset.code).toBe("auth_failed");
    expect(byTestId("unlock-error").textContent).toContain("did not open the vault");
    expect(byTestId<HTMLInputElement>("unlock-passphrase").value).toBe("");

    type("unlock-passphrase", PASSPHRASE);
    submit("unlock-submit");
    await waitFor(() => has("screen-home"));
  });

  it("unlock: a corrupt vault gets its own serious message", async () => {
    const backend = FakeBackend.withVault();
    backend.unlockFailure = "corrupt";
    await render(backend);
    type("unlock-passphrase", PASSPHRASE);
    submit("unlock-submit");
    await waitFor(() => has("unlock-error"));
    expect(byTestId("unlock-error").dataset.code).toBe("corrupt");
    expect(byTestId("unlock-error").textContent).toContain("The vault was not changed");
  });

  it("panic key blanks the page synchronously, then shows the unlock screen", async () => {
    const backend = FakeBackend.withVault();
    backend.holdLock = true;
    await render(backend);
    type("unlock-passphrase", PASSPHRASE);
    submit("unlock-submit");
    await waitFor(() => has("screen-home"));

    window.dispatchEvent(
      new KeyboardEvent("keydown", { key: "L", code: "KeyL", ctrlKey: true, shiftKey: true }),
    );
    // No await: the page must already be blank.
    expect(has("screen-blank")).toBe(true);
    expect(has("screen-home")).toBe(false);
    expect(target.textContent?.trim()).toBe("");
    expect(backend.lockReasons).toEqual(["panic"]);

    backend.releaseLock();
    await waitFor(() => has("screen-unlock"));
  });

  it("after a wrong passphrase keeps the chosen user, clears the error on typing, and Enter submits again", async () => {
    const backend = FakeBackend.withVault();
    backend.users.push({ name: "second", role: "lawyer" });
    backend.passphrases.set("second", PASSPHRASE);
    await render(backend);
    // several users and none unlocked before: nobody is guessed
    expect(byTestId<HTMLSelectElement>("unlock-user").value).toBe("");
    const select = byTestId<HTMLSelectElement>("unlock-user");
    select.value = "second";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    flushSync();
    type("unlock-passphrase", "not the passphrase");
    submit("unlock-submit");
    await waitFor(() => has("unlock-error"));
    expect(byTestId<HTMLSelectElement>("unlock-user").value).toBe("second");
    expect(byTestId<HTMLButtonElement>("unlock-submit").disabled).toBe(true); // the field was emptied
    type("unlock-passphrase", "c");
    expect(has("unlock-error")).toBe(false);
    type("unlock-passphrase", PASSPHRASE);
    expect(byTestId<HTMLButtonElement>("unlock-submit").disabled).toBe(false);
    // Enter in the field submits the form
    byTestId("unlock-passphrase").closest("form")?.requestSubmit();
    await waitFor(() => has("screen-home"));

    // after a lock the same user is preselected
    submit("lock-button");
    await waitFor(() => has("screen-unlock"));
    await settle();
    flushSync();
    expect(byTestId<HTMLSelectElement>("unlock-user").value).toBe("second");
  });

  it("Escape twice does nothing by default", async () => {
    const backend = FakeBackend.withVault();
    await render(backend);
    type("unlock-passphrase", PASSPHRASE);
    submit("unlock-submit");
    await waitFor(() => has("screen-home"));
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", code: "Escape" }));
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", code: "Escape" }));
    flushSync();
    expect(has("screen-home")).toBe(true);
    expect(backend.lockReasons).toEqual([]);
    expect(has("keys-escape-on")).toBe(false);
  });

  it("Escape twice locks when turned on; the Lock button locks; a backend lock event returns to unlock", async () => {
    const backend = FakeBackend.withVault();
    backend.escapeTwiceLocks = true;
    await render(backend);
    const open = async () => {
      type("unlock-passphrase", PASSPHRASE);
      submit("unlock-submit");
      await waitFor(() => has("screen-home"));
    };

    await open();
    expect(has("keys-escape-on")).toBe(true);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", code: "Escape" }));
    flushSync();
    expect(has("screen-home")).toBe(true);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", code: "Escape" }));
    flushSync();
    expect(has("screen-home")).toBe(false);
    await waitFor(() => has("screen-unlock"));

    await open();
    submit("lock-button");
    expect(has("screen-unlock")).toBe(true);
    await settle();

    await open();
    backend.emitLocked("idle");
    flushSync();
    expect(has("screen-unlock")).toBe(true);
    expect(has("unlock-idle-note")).toBe(true);
    expect(backend.lockReasons).toEqual(["panic", "manual"]);
  });

  it("settings tab: saves idle minutes and refuses values out of range", async () => {
    const backend = FakeBackend.withVault();
    await render(backend);
    type("unlock-passphrase", PASSPHRASE);
    submit("unlock-submit");
    await waitFor(() => has("screen-home"));
    expect(byTestId("keys-help").textContent).toContain("Ctrl+Shift+L");
    submit("nav-settings");
    expect(byTestId("nav-settings").getAttribute("aria-current")).toBe("page");
    expect(byTestId<HTMLInputElement>("idle-minutes").value).toBe("5");

    type("idle-minutes", "500");
    submit("idle-save");
    await settle();
    flushSync();
    expect(has("idle-invalid")).toBe(true);
    expect(backend.idleMinutes).toBe(5);

    type("idle-minutes", "12");
    submit("idle-save");
    await waitFor(() => has("idle-saved"));
    expect(backend.idleMinutes).toBe(12);
  });
});
