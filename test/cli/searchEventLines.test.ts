import { describe, expect, it } from 'vitest';
import { describeSearchEvent } from '../../src/cli/search.js';

describe('the command line\'s line for a selection event', () => {
  it('names the decision and the held-out accuracies that made it', () => {
    expect(describeSearchEvent({
      type: 'selection', step: 300, name: 'darts-pt', index: 0, total: 36,
      decision: { kind: 'operator', cellType: 'normal', edge: 3, from: 1, to: 3, base: 0.62, accuracies: { skip_connect: 0.35, sep_conv_3x3: 0.55 }, chosen: 'skip_connect' },
    }, 'held-out')).toBe('step 300: darts-pt 1/36: normal edge 1->3: skip_connect (held-out acc 62.00%; without each: skip_connect 35.00%, sep_conv_3x3 55.00%)');
    expect(describeSearchEvent({
      type: 'selection', step: 300, name: 'darts-pt', index: 35, total: 36,
      decision: { kind: 'inputs', cellType: 'reduce', node: 4, accuracies: [{ 0: 0.5, 1: 0.6, 2: 0.4, 3: 0.55 }, { 0: 0.45, 2: 0.3, 3: 0.5 }], chosen: [0, 2] },
    }, 'held-out')).toBe('step 300: darts-pt 36/36: reduce node 4: inputs 0, 2 (without each input: 0 50.00%, 1 60.00%, 2 40.00%, 3 55.00%; then 0 45.00%, 2 30.00%, 3 50.00%)');
  });
});

describe('the command line\'s lines for a GOLD-NAS round pruned by perturbation', () => {
  it('gives the accuracies of the criterion, then the operators it pruned', () => {
    expect(describeSearchEvent({
      type: 'selection', step: 125, name: 'darts-pt', index: 0, total: 1,
      decision: { kind: 'prune', base: 0.936, accuracies: { 3: 0.932, 7: 0.937, 9: 0.936, 12: 0.935 }, removed: [7, 9], proposed: 2 },
    }, 'held-out')).toBe('step 125: darts-pt pruning criterion: held-out acc 93.60%; the 4 measured: 93.20%–93.70% without each; removes the 2 least harmful (93.60%–93.70% without each), as many as the scheduler\'s rule (2)');
    expect(describeSearchEvent({
      type: 'prune', step: 125, slots: [7, 9], ops: ['c0:0->2:skip_connect', 'c0:1->2:sep_conv_3x3'], reason: 'perturbation', liveOps: 138, liveFlops: 13.94e6,
    }, 'held-out')).toBe('step 125: pruned 2 operators (perturbation: c0:0->2:skip_connect, c0:1->2:sep_conv_3x3) -> 138 live, 13.94M multiply-adds');
    expect(describeSearchEvent({
      type: 'selection', step: 150, name: 'darts-pt', index: 0, total: 1,
      decision: { kind: 'prune', base: 0.97, accuracies: { 3: 0.972, 7: 0.972 }, removed: [3], proposed: 1 },
    }, 'held-out')).toBe('step 150: darts-pt pruning criterion: held-out acc 97.00%; the 2 measured: 97.20% without each; removes the 1 least harmful (97.20% without each), as many as the scheduler\'s rule (1)');
  });
});
