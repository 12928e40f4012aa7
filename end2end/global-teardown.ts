import { stopIsso, stopNginx } from './harness';

export default async function globalTeardown(): Promise<void> {
  stopNginx();
  stopIsso();
}
