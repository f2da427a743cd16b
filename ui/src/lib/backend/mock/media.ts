// The mock's files and links: downloads, the file chooser, and opening things elsewhere.

import type { LocalMedia, Message, MessageId } from '../../ipc/bindings';
import type { MediaBackend } from '../types';
import { refuse, type MockBase } from './core';

export interface MediaCalls {
  retryMedia: MessageId[];
  openMedia: MessageId[];
  openLocation: MessageId[];
  openReferral: MessageId[];
}

export function mediaMock<B extends MockBase>(Base: B) {
  return class MediaMock extends Base implements MediaBackend {
    declare readonly calls: MediaCalls;
    /// What the next `chooseFile` calls answer, in order (then `null`: cancelled).
    readonly fileAnswers: Array<string | null> = [];

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.calls, { retryMedia: [], openMedia: [], openLocation: [], openReferral: [] } satisfies MediaCalls);
    }

    /// The media file of a message was downloaded, or failed to.
    setMedia(messageId: MessageId, media: LocalMedia): Message {
      return this.updateMessage(messageId, (m) => ({ ...m, media }));
    }

    async retryMedia(messageId: MessageId): Promise<void> {
      this.calls.retryMedia.push(messageId);
      this.check();
      this.setMedia(messageId, { state: 'pending' });
    }

    async openMedia(messageId: MessageId): Promise<void> {
      this.calls.openMedia.push(messageId);
      this.check();
      if (this.message(messageId).media?.state !== 'ready') refuse('notFound', 'the file is not downloaded yet');
    }

    async openLocation(messageId: MessageId): Promise<void> {
      this.calls.openLocation.push(messageId);
      this.check();
      const content = this.message(messageId).content;
      // A template's location header opens like a shared location.
      const placed = content.type === 'location' || (content.type === 'template' && content.template.header?.type === 'location');
      if (!placed) refuse('notFound', 'that message is not a location');
    }

    async openReferral(messageId: MessageId): Promise<void> {
      this.calls.openReferral.push(messageId);
      this.check();
      const url = this.message(messageId).referral?.sourceUrl;
      if (!url) refuse('notFound', 'that message has no ad link');
      if (!/^https?:\/\//.test(url)) refuse('invalidMessage', 'only web links are opened');
    }

    async chooseFile(): Promise<string | null> {
      this.check();
      return this.fileAnswers.shift() ?? null;
    }

    mediaUrl(path: string): string {
      return this.files.get(path)?.url ?? path;
    }
  };
}
