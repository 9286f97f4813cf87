/**
 * Runs tasks one after another, in the order they were given: each starts once every task given
 * before it has finished, whatever its outcome. A task's own result (or failure) goes to whoever
 * gave it; the queue goes on either way.
 */
export class TaskQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task)
    this.tail = run.catch(() => undefined)
    return run
  }
}
