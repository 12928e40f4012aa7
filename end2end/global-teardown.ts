import { stopNginx } from './harness';

export default async function globalTeardown(): Promise<void> {
  stopNginx();
}
