// A stand-in for a one-job module worker (ledger-worker, gradients-worker): `answer` runs in this
// thread, and messages cross through structuredClone as tasks, as they would between threads.
export class FakeWorker<J, A> {
  onmessage: ((event: {data: A}) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor(private readonly answer: (job: J) => A) {}
  postMessage(job: J): void {
    const data = structuredClone(job);
    setImmediate(() => {
      if (this.terminated) return;
      const reply = structuredClone(this.answer(data));
      setImmediate(() => !this.terminated && this.onmessage?.({data: reply}));
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}
