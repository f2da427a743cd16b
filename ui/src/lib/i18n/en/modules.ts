// Every English module, one line each. A feature with strings of its own adds its module
// here: `export { labels } from './labels';`. Each module exports exactly one thing, its
// dictionary, named after the file; its keys start with the feature's own prefix, and a
// test (i18n.test.ts) fails if two modules define the same key.

export { activity } from './activity';
export { app } from './app';
export { composer } from './composer';
export { errors } from './errors';
export { inbox } from './inbox';
export { media } from './media';
export { messages } from './messages';
export { settings } from './settings';
export { tunnel } from './tunnel';
export { quickReplies } from './quickReplies';
export { search } from './search';
export { addressBook } from './addressBook';
export { autoReplies } from './autoReplies';
export { desktop } from './desktop';
export { team } from './team';
export { labels } from './labels';
export { shortcuts } from './shortcuts';
export { templates } from './templates';
export { lint } from './lint';
