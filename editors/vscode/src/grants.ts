/**
 * Grants in the embedding API's notation ("read:/data", "net:api.example.com", "all",
 * "deny-read:/data/secret") and their translation into `mlpy run` flags.
 *
 * This module does not import `vscode`, so its behaviour is tested with plain Node.
 */

/** The kinds `mlpy run` has --allow-KIND / --deny-KIND flags for. */
export const GRANT_KINDS = ["read", "write", "net", "env"] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

/** One parsed grant: allow or deny a kind, for everything (target undefined) or one target. */
export interface Grant {
  deny: boolean;
  kind: GrantKind | "all";
  target?: string;
}

/** Thrown for a grant string that is not in the notation; the message says what to write. */
export class GrantError extends Error {}

/**
 * Parse one grant string. `"read"` grants all reads, `"read:/data"` reads under /data,
 * `"net:host:443"` one host and port (split at the first ':'), `"all"` everything.
 */
export function parseGrant(text: string): Grant {
  const trimmed = text.trim();
  if (trimmed === "all") {
    return { deny: false, kind: "all" };
  }
  const deny = trimmed.startsWith("deny-");
  const body = deny ? trimmed.slice("deny-".length) : trimmed;
  const colon = body.indexOf(":");
  const kind = colon < 0 ? body : body.slice(0, colon);
  const target = colon < 0 ? undefined : body.slice(colon + 1);
  if (!(GRANT_KINDS as readonly string[]).includes(kind)) {
    throw new GrantError(
      `unknown grant "${text}": write KIND or KIND:TARGET with KIND one of ${GRANT_KINDS.join(", ")} ` +
        `(for example "read:/data" or "net:api.example.com"), "all", or deny-KIND[:TARGET]`,
    );
  }
  if (target !== undefined && target.length === 0) {
    throw new GrantError(`grant "${text}" has an empty target: write "${deny ? "deny-" : ""}${kind}" for all of it`);
  }
  if (target !== undefined && target.includes(",")) {
    throw new GrantError(`grant "${text}": a target cannot contain ',' (give each target its own grant)`);
  }
  return { deny, kind: kind as GrantKind, target };
}

/**
 * The `mlpy run` flags for a list of grants: one `--allow-KIND[=T1,T2]` / `--deny-KIND[=...]`
 * per kind (a grant without a target makes the flag bare, meaning everything), `--allow-all`
 * for "all". Flags come in a fixed order so the command line is predictable.
 */
export function grantsToFlags(grants: readonly string[]): string[] {
  let all = false;
  const sides = { allow: new Map<GrantKind, string[] | null>(), deny: new Map<GrantKind, string[] | null>() };
  for (const text of grants) {
    const grant = parseGrant(text);
    if (grant.kind === "all") {
      all = true;
      continue;
    }
    const side = grant.deny ? sides.deny : sides.allow;
    const current = side.get(grant.kind);
    if (grant.target === undefined || current === null) {
      side.set(grant.kind, null); // null = the whole kind
    } else {
      side.set(grant.kind, [...(current ?? []), grant.target]);
    }
  }
  const flags: string[] = all ? ["--allow-all"] : [];
  for (const [prefix, side] of [["--allow-", sides.allow], ["--deny-", sides.deny]] as const) {
    for (const kind of GRANT_KINDS) {
      if (!side.has(kind)) {
        continue;
      }
      const targets = side.get(kind);
      flags.push(targets ? `${prefix}${kind}=${targets.join(",")}` : `${prefix}${kind}`);
    }
  }
  return flags;
}
