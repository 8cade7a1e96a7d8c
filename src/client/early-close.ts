/**
 * Works around an undici bug (Node 20's bundled undici 6): the first HTTP connection of a process
 * waits for undici's HTTP parser (WebAssembly, compiled asynchronously) before it listens to the
 * socket. A server that closes the connection on accept closes it during that wait, undici never
 * hears of it, and the request hangs until our deadline: reported as `timeout` after the whole
 * deadline instead of `connection` at once.
 *
 * Every client socket is marked when it emits 'close'; when undici announces a connection
 * (`undici:client:connected`, published after its listeners are attached) on a socket that has
 * already closed, the 'close' it missed is emitted again for it, and the request fails with
 * undici's own "closed" socket error, which the taxonomy classifies as `connection`.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

const CLOSED = Symbol('claude-canary.socket-closed');
type Marked = Socket & { [CLOSED]?: true };

let installed = false;

/** Installs the work-around once per process; later calls do nothing. */
export function installEarlyCloseGuard(): void {
  if (installed) return;
  installed = true;
  subscribe('net.client.socket', (message) => {
    const socket = (message as { socket?: Marked }).socket;
    socket?.once('close', () => {
      socket[CLOSED] = true;
    });
  });
  subscribe('undici:client:connected', (message) => {
    const socket = (message as { socket?: Marked }).socket;
    // After undici's resume has queued the request on this socket: its 'close' handler then fails it.
    if (socket?.[CLOSED]) setImmediate(() => socket.emit('close', false));
  });
}
