/**
 * A fake vault for the board tests: one user of each role (all invented, all with the test
 * passphrase) and synthetic cases with board fields. No real person, place or unit.
 */
import { RISKS, STAGES } from "../lib/workflow";
import { FakeBackend } from "./fake-backend";
import { PASSPHRASE } from "./dom";

export const USERS = {
  caseworker: "cw-demo",
  otherCaseworker: "cw-other",
  lawyer: "lawyer-demo",
  coordinator: "coord-demo",
  admin: "admin-demo",
} as const;

/** A vault with every role and `n` cases by `cw-demo` (plus one by `cw-other`). */
export function boardVault(n = 6): FakeBackend {
  const backend = new FakeBackend();
  backend.exists = true;
  backend.users = [
    { name: USERS.admin, role: "admin" },
    { name: USERS.caseworker, role: "caseworker" },
    { name: USERS.otherCaseworker, role: "caseworker" },
    { name: USERS.lawyer, role: "lawyer" },
    { name: USERS.coordinator, role: "coordinator" },
  ];
  for (const u of backend.users) backend.passphrases.set(u.name, PASSPHRASE);
  backend.today = "2024-05-01";
  const stages = STAGES;
  const risks = RISKS;
  for (let i = 0; i < n; i += 1) {
    backend.addBoardCase({
      code: `WS-T${String(i + 1).padStart(3, "0")}`,
      createdBy: USERS.caseworker,
      stage: stages[i % stages.length] ?? null,
      risk: risks[i % risks.length] ?? null,
      nextFollowUp: `2024-06-${String((i % 28) + 1).padStart(2, "0")}`,
      text: `synthetic testimony number ${i + 1}`,
      perpetrators: i % 2 === 0 ? "Invented Officer «Test-7»" : "",
      places: "Invented Town",
      firstDetention: "2019-03-14",
      lastDetention: "2019-03-20",
    });
  }
  // One overdue evacuation in transit: the most urgent row.
  backend.addBoardCase({
    code: "WS-LATE",
    createdBy: USERS.caseworker,
    stage: "in_transit",
    risk: "medium",
    nextFollowUp: "2001-01-01",
  });
  // A case the caseworker `cw-demo` may not read (and so does not see).
  backend.addBoardCase({ code: "WS-OTHER", createdBy: USERS.otherCaseworker, status: "legal_review" });
  return backend;
}
