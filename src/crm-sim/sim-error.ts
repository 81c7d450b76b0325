/** A request the simulator refuses: answered with `status` and an SData diagnosis. */
export class SimRequestError extends Error {
  constructor(
    readonly status: number,
    readonly sdataCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'SimRequestError';
  }
}
