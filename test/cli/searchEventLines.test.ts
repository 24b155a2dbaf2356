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
