import { bodyLimit } from 'hono/body-limit';
import { ApiException } from './errors.ts';

/** Refuses bodies over `maxBytes` with 413 in the API's error shape, before parsing them. */
export const limitBody = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiException(413, 'payload_too_large', `the request body is larger than ${maxBytes} bytes`, [
        { path: '(body)', message: `at most ${maxBytes} bytes` },
      ]);
    },
  });
