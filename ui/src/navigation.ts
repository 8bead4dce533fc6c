// Where the window is: one screen of the navigation, or one identification's detail.
import type { IdentificationRef } from "./platform";

export type Screen = "overview" | "identifications" | "create" | "bulk" | "accounts" | "team" | "audit";

/** Opens an identification's detail. */
export type OpenDetail = (identification: IdentificationRef) => void;
