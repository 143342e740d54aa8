/**
 * Block durations looked up by (stage index, block id), the factor that turns MW into
 * MWh. A stage-level row (block id < 0) lasts the whole stage: the sum of its blocks.
 */
import type { System } from "@cobre/core";

export interface BlockHours {
  /** Hours of the block, or the whole stage for `blockId < 0`; undefined when unknown. */
  hours(stageIndex: number, blockId: number): number | undefined;
  /** Number of blocks of each stage, by stage index. */
  readonly blocksPerStage: readonly number[];
}

export function blockHours(system: System): BlockHours {
  const perStage = system.stages.map((stage) => {
    const byId = new Map<number, number>();
    let total = 0;
    for (const b of stage.blocks) {
      byId.set(b.id, b.hours);
      total += b.hours;
    }
    return { byId, total };
  });
  return {
    hours(stageIndex, blockId) {
      const s = perStage[stageIndex];
      if (s === undefined) return undefined;
      return blockId < 0 ? s.total : s.byId.get(blockId);
    },
    blocksPerStage: system.stages.map((s) => s.blocks.length),
  };
}
