import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The files that take longest (they wait on deadlines and on server processes they start) go first.
// Left to the default order on a clean clone (by file size: no timings cached yet), one of them could
// start last and run alone at the end while the other workers sit idle.
const slowest = [
  /fault-injection-/,
  /crash-recovery/,
  /operator-commands/,
  /multi-process/,
  /check-processor/,
  /security\.test/,
];

function rank(file: TestSpecification): number {
  const index = slowest.findIndex((pattern) => pattern.test(file.moduleId));
  return index === -1 ? slowest.length : index;
}

export default class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}
