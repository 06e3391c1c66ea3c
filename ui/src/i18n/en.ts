/**
 * English message catalogue. Every text a person reads comes from here or from ru.ts.
 *
 * The shape of this object is the `Messages` type (see ./index.ts): the Russian catalogue
 * must have exactly the same keys, so a missing translation fails `npm run check`.
 * Values are plain strings, or small functions where a number or name is inserted.
 */
export const en = {
  app: {
    name: "Waystone",
    loading: "Opening…",
    statusErrorTitle: "Waystone could not open the vault",
    retry: "Try again",
  },
  language: {
    groupLabel: "Language",
    en: "English",
    ru: "Русский",
    enShort: "EN",
    ruShort: "RU",
  },
  setup: {
    title: "Set up a new vault",
    intro:
      "This creates an encrypted vault on this computer. Everything recorded in Waystone is kept inside it, and nothing is readable without a passphrase.",
    userLabel: "Your name (you will be the administrator)",
    userHint:
      "This name is shown on the unlock screen, so a pseudonym is safer than your real name.",
    passphraseLabel: "Passphrase",
    passphraseHint:
      "Several unrelated words work best. A long phrase is easier to remember than a short, complicated password.",
    confirmLabel: "Repeat the passphrase",
    mismatch: "The two passphrases are not the same.",
    noRecoveryTitle: "Nobody can reset this passphrase",
    noRecovery:
      "If you forget it, the only way back into the vault is the recovery key shown on the next screen. Without the passphrase or the recovery key, nobody can open the vault, not even the people who make Waystone.",
    submit: "Create the vault",
    creating: "Creating the vault. This takes a few seconds…",
  },
  strength: {
    label: "Passphrase strength",
    scores: {
      0: "Very weak",
      1: "Weak",
      2: "Fair",
      3: "Strong",
      4: "Very strong",
    },
    empty: "Type a passphrase to see how strong it is.",
    checking: "Checking…",
    acceptable: "Strong enough.",
    notAcceptable: "Not strong enough yet.",
    feedback: {
      too_short: "Too short. Add more words.",
      too_guessable: "Too easy to guess. Add a few more unrelated words.",
      repeated: "Repeated characters or words are easy to guess.",
      sequence: "Sequences such as “abc” or “1234” are easy to guess.",
      common: "This is a commonly used password or phrase.",
      personal: "Avoid names, dates and other personal details.",
    },
    unavailable: "The strength check did not work. Try typing again.",
  },
  recovery: {
    title: "Your recovery key",
    intro:
      "This key opens the vault if every passphrase is forgotten. It is shown only this once and cannot be shown again.",
    keyLabel: "Recovery key",
    paperNote:
      "Write it on paper by hand. Do not photograph it, copy it to another device or keep it with this laptop: anyone who has both the laptop and the key can open the vault.",
    confirmLabel:
      "To confirm that you have written it down, type the last group of the key (the characters after the last dash).",
    confirmMismatch: "That is not the last group of the key. Check what you wrote down.",
    continue: "I have written it down. Continue",
  },
  unlock: {
    title: "Unlock the vault",
    userLabel: "User",
    choose: "Choose a user",
    passphraseLabel: "Passphrase",
    submit: "Unlock",
    unlocking: "Unlocking. This takes a few seconds…",
    lockedIdle: "The vault was locked because there was no activity for a while.",
    noUsers: "This vault has no users that can sign in here.",
  },
  home: {
    userLabel: "User",
    roleLabel: "Role",
    lock: "Lock",
    casesTitle: "Cases",
    casesEmpty: "There are no cases yet.",
    casesEmptyHint: "Recording cases will be available in the next version of Waystone.",
    settingsTitle: "Settings",
    idleLabel: "Lock automatically after this many minutes without activity",
    idleHint: "A whole number from 1 to 120.",
    idleSave: "Save",
    idleSaved: "Saved.",
    idleInvalid: "Enter a whole number from 1 to 120.",
    languageLabel: "Language",
    keysTitle: "Keyboard",
    keysPanic:
      "Ctrl+Shift+L, or Escape twice within a second: lock at once and hide the screen.",
  },
  roles: {
    caseworker: "Caseworker",
    lawyer: "Lawyer",
    coordinator: "Coordinator",
    admin: "Administrator",
  },
  errors: {
    auth_failed:
      "That passphrase did not open the vault. Check the keyboard layout and Caps Lock, then try again.",
    corrupt:
      "The vault file is damaged or is not a Waystone vault. The vault was not changed. Do not keep retrying: make a copy of the vault folder and contact the person who handles technical support for you.",
    newer_version:
      "This vault was written by a newer version of Waystone. Update Waystone to open it. The vault was not changed.",
    forbidden: "Your role does not allow this.",
    invalid: "Something entered is not valid. Check it and try again.",
    weak_passphrase: "This passphrase is too easy to guess. Choose a longer one.",
    locked: "The vault is locked. Unlock it to continue.",
    already_exists: "A vault already exists here.",
    not_found: "That user or item was not found.",
    internal:
      "Something went wrong inside Waystone. The last step was not completed. Try again; if it keeps happening, contact the person who handles technical support for you.",
    technicalDetail: "Technical detail",
  },
};
