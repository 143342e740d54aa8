/**
 * `training/timing/`: `iterations.parquet` (phase breakdown, one row per iteration, 16
 * columns) and `mpi_ranks.parquet` (one row per iteration and worker, 8 columns).
 */
import { defineSchema, idCol, intCol } from "./column";

const ms = (name: string, description: string) => intCol(name, "Int64", "ms", description);

export const TIMING_ITERATIONS_SCHEMA = defineSchema("timing_iterations", "training/timing/iterations.parquet", [
  intCol("iteration", "Int32", "id", "Training iteration (1-based)"),
  ms("forward_wall_ms", "Forward pass wall time"),
  ms("backward_wall_ms", "Backward pass wall time"),
  ms("cut_selection_ms", "Cut selection time"),
  ms("mpi_allreduce_ms", "Bound all-reduce time across workers"),
  ms("cut_sync_ms", "Cut synchronization time (part of backward)"),
  ms("lower_bound_ms", "Lower bound evaluation time"),
  ms("state_exchange_ms", "State exchange time (part of backward)"),
  ms("cut_batch_build_ms", "Cut row batch assembly time (part of backward)"),
  ms("bwd_setup_ms", "Non-solve backward work summed over workers"),
  ms("bwd_load_imbalance_ms", "Backward max-worker minus mean-worker time"),
  ms("bwd_scheduling_overhead_ms", "Backward parallel wall minus max-worker time"),
  ms("fwd_setup_ms", "Non-solve forward work summed over workers"),
  ms("fwd_load_imbalance_ms", "Forward max-worker minus mean-worker time"),
  ms("fwd_scheduling_overhead_ms", "Forward parallel wall minus max-worker time"),
  ms("overhead_ms", "Wall time not attributed to any phase"),
]);

export const TIMING_RANKS_SCHEMA = defineSchema("timing_mpi_ranks", "training/timing/mpi_ranks.parquet", [
  intCol("iteration", "Int32", "id", "Training iteration (1-based)"),
  idCol("rank", "Worker (rank) index, 0-based", { source: "input" }),
  ms("forward_time_ms", "Worker forward time"),
  ms("backward_time_ms", "Worker backward time"),
  ms("communication_time_ms", "Worker communication time"),
  ms("idle_time_ms", "Worker idle time"),
  intCol("lp_solves", "Int64", "count", "LP solves by the worker"),
  intCol("scenarios_processed", "Int32", "count", "Trajectories processed by the worker"),
]);
