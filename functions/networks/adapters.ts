import type { Db } from "../../db/client";
import type { Network } from "../../domain/networks";
import { remoteAdapters } from "./registry";
import { createSandboxAdapter } from "./sandbox";
import type { NetworkAdapter } from "./types";

/** The adapter for an account's network; the sandbox publishes into this Chorus's own D1. */
export const adapterFor = (network: Network, db: Db): NetworkAdapter => (network === "sandbox" ? createSandboxAdapter(db) : remoteAdapters[network]);
