import { commands } from '../../ipc/bindings';
import type { MediaBackend } from '../types';
import { done, unwrap } from './answer';

/// Media over the shell's loopback media server at `mediaBase` (see
/// crates/engine/src/media_server.rs for why not Tauri's asset protocol).
export function mediaAdapter(mediaBase: string): MediaBackend {
  return {
    retryMedia: (messageId) => done(commands.retryMedia(messageId)),
    openMedia: (messageId) => done(commands.openMedia(messageId)),
    openLocation: (messageId) => done(commands.openLocation(messageId)),
    openReferral: (messageId) => done(commands.openReferral(messageId)),
    chooseFile: () => unwrap(commands.chooseFile()),
    mediaUrl: (path) => `${mediaBase}/${encodeURIComponent(path)}`,
  };
}
