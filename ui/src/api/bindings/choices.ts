// Generated from the engine's enums by `TIERBOOK_UPDATE_BINDINGS=1 cargo test --test bindings`; do not edit.
import type { Method } from "./Method";
import type { Segment } from "./Segment";
import type { SegmentScheme } from "./SegmentScheme";
import type { Tier } from "./Tier";

/** Every tiering method, in the engine's order. */
export const METHODS: Method[] = ["abc-rank", "abc-value", "share", "thresholds", "score", "rfm"];

/** Each RFM scheme's segments, best first, with the tiers the engine gives them by default. */
export const SEGMENTS: Record<SegmentScheme, { segments: Segment[]; a: Segment[]; b: Segment[] }> = {
  eight: { segments: ["important_value", "important_develop", "important_keep", "important_retain", "general_value", "general_develop", "general_keep", "general_retain"], a: ["important_value"], b: ["important_develop", "important_keep", "important_retain"] },
  eleven: { segments: ["champions", "loyal", "potential_loyalist", "new", "promising", "need_attention", "about_to_sleep", "at_risk", "cant_lose", "hibernating", "lost"], a: ["champions", "loyal", "cant_lose"], b: ["potential_loyalist", "at_risk", "need_attention", "new", "promising"] },
};

/** The tier each colour of the engine's charts stands for (chart/palette.rs), lower case. */
export const TIER_COLOURS: Record<string, Tier> = { "#c65911": "A", "#2f75b5": "B", "#a6a6a6": "C" };
