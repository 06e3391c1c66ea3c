/**
 * The audit log view (admins only; the core refuses anyone else): one page of entries at a
 * time, newest first, and the chain check. An entry names a time, a user, an action and a
 * case code or identifier — never case content. Owned by the Audit screen, dropped with it.
 */
import type { IpcError } from "../ipc/backend";
import type { AuditChainDto, AuditRowDto } from "../ipc/transfer";
import type { Run } from "./board.svelte";

export const AUDIT_PAGE_SIZE = 50;

/** "21–40 of 57" style bounds of a page (1-based, inclusive); null when empty. */
export function pageBounds(offset: number, shown: number, total: number): { from: number; to: number; total: number } | null {
  if (total === 0 || shown === 0) return null;
  return { from: offset + 1, to: offset + shown, total };
}

export class AuditLog {
  rows: AuditRowDto[] = $state.raw([]);
  total: number = $state(0);
  offset: number = $state(0);
  loading: boolean = $state(false);
  error: IpcError | null = $state.raw(null);
  chain: AuditChainDto | null = $state.raw(null);
  verifying: boolean = $state(false);

  readonly #run: Run;
  readonly #pageSize: number;
  #request = 0;

  constructor(options: { run: Run; pageSize?: number }) {
    this.#run = options.run;
    this.#pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  }

  get hasNewer(): boolean {
    return this.offset > 0;
  }

  get hasOlder(): boolean {
    return this.offset + this.rows.length < this.total;
  }

  /** Loads the page at `offset` (newest first); a newer request wins over an older one. */
  async load(offset = 0): Promise<void> {
    const mine = ++this.#request;
    this.loading = true;
    const limit = this.#pageSize;
    const outcome = await this.#run((b) => b.auditPage(Math.max(0, offset), limit));
    if (outcome === null || mine !== this.#request) return;
    this.loading = false;
    if (!outcome.ok) {
      this.error = outcome.error;
      return;
    }
    this.error = null;
    this.rows = outcome.value.rows;
    this.total = outcome.value.total;
    this.offset = Math.max(0, offset);
  }

  older(): Promise<void> {
    return this.hasOlder ? this.load(this.offset + this.#pageSize) : Promise.resolve();
  }

  newer(): Promise<void> {
    return this.hasNewer ? this.load(Math.max(0, this.offset - this.#pageSize)) : Promise.resolve();
  }

  /** Checks the whole chain; the result says OK or names the first broken entry. */
  async verify(): Promise<void> {
    if (this.verifying) return;
    this.verifying = true;
    this.chain = null;
    const outcome = await this.#run((b) => b.verifyAuditChain());
    if (outcome === null) return;
    this.verifying = false;
    if (outcome.ok) this.chain = outcome.value;
    else this.error = outcome.error;
  }

  dispose(): void {
    this.#request += 1;
    this.rows = [];
    this.chain = null;
  }
}
