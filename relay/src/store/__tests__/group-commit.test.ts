// Writes arriving together are committed together, and each caller hears only once its write is committed.
import { GroupCommit } from '../group-commit';

describe('group commit', () => {
  it('commits the writes of one moment in one call, answering each with its own result', async () => {
    const commits: number[][] = [];
    const group = new GroupCommit<number, string>((items) => {
      commits.push(items);
      return items.map((item) => `stored ${item}`);
    });
    const answers = await Promise.all([group.add(1), group.add(2), group.add(3)]);
    expect(answers).toEqual(['stored 1', 'stored 2', 'stored 3']);
    expect(commits).toEqual([[1, 2, 3]]);
    expect(await group.add(4)).toBe('stored 4');
    expect(commits).toEqual([[1, 2, 3], [4]]);
  });

  it('takes a commit that answers a promise, grouping what arrives meanwhile', async () => {
    const commits: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      commits.push(items);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return items.map((item) => item * 10);
    });
    const first = Promise.all([group.add(1), group.add(2)]);
    await new Promise((resolve) => setImmediate(resolve));
    const second = Promise.all([group.add(3), group.add(4)]);
    expect(await Promise.all([first, second])).toEqual([
      [10, 20],
      [30, 40]
    ]);
    expect(commits).toEqual([
      [1, 2],
      [3, 4]
    ]);
    await expect(new GroupCommit<number, number>(() => Promise.reject(new Error('disk full'))).add(1)).rejects.toThrow(
      'disk full'
    );
  });

  it('answers none of them as stored when the commit fails', async () => {
    const group = new GroupCommit<number, boolean>(() => {
      throw new Error('disk full');
    });
    const outcomes = await Promise.allSettled([group.add(1), group.add(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });

  it('commits a burst in commits of at most maxItems, the first answered before the last is added', async () => {
    const commits: number[][] = [];
    const group = new GroupCommit<number, number>((items) => {
      commits.push(items);
      return items;
    }, 2);
    const answered: number[] = [];
    const first = group.add(1).then((item) => answered.push(item));
    const second = group.add(2).then((item) => answered.push(item));
    // Committed at the second write already, without waiting for the turn of the event loop to end.
    expect(commits).toEqual([[1, 2]]);
    // Answered within the same turn (microtasks), before the turn's end would have committed anything.
    await Promise.all([first, second]);
    expect(answered).toEqual([1, 2]);
    expect(commits).toEqual([[1, 2]]);
    const third = group.add(3);
    expect(await third).toBe(3);
    expect(commits).toEqual([[1, 2], [3]]);
  });
});
