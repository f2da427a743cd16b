// English: the template lint's diagnostics, one `lint.<rule>.message` (and `.fix`) per rule
// id of the engine (crates/core/src/template/lint/rule.rs). `{name}` is one of the
// diagnostic's `params`, named as the engine names them. Plural forms are picked by the
// parameter `diagnosticText` (lib/templates/diagnosticText.ts) counts for that key.
// A `.general` key is the wording for a diagnostic that lacks the parameters of the main
// one (e.g. a language code with no close match to suggest).
// `{{1}}` is written as it is: `t` leaves a brace pair with no parameter of that name alone.

import type { Messages } from '../catalog';

export const lint = {
  'lint.name.empty.message': 'The template has no name.',
  'lint.name.empty.fix': 'give it a name of lowercase letters, digits and underscores, e.g. order_update',
  'lint.name.format.message':
    "The name contains '{character}'; names may only use lowercase letters a-z, digits and underscores.",
  'lint.name.format.fix': 'rename it to {suggestion}',
  'lint.name.too_long.message': {
    one: 'The name is {length} character long; Meta allows at most {limit}.',
    other: 'The name is {length} characters long; Meta allows at most {limit}.',
  },
  'lint.name.too_long.fix': {
    one: 'shorten the name by {excess} character',
    other: 'shorten the name by {excess} characters',
  },
  'lint.language.unknown.message': "'{language}' is not one of Meta's template language codes.",
  'lint.language.unknown.fix': 'use the code {suggestion}',
  'lint.language.unknown.fix.general': "pick a code from Meta's list, e.g. en_US, he, ar, ru, et, pt_BR",

  'lint.components.duplicate.message': 'The template has more than one {component} component.',
  'lint.components.duplicate.fix': 'merge them into a single {component}',
  'lint.body.missing.message': 'Every template needs a BODY component.',
  'lint.body.missing.fix': 'add a body with the message text',
  'lint.body.empty.message': 'The body has no text.',
  'lint.body.empty.fix': 'write the message text',
  'lint.body.too_long.message': {
    one: 'The body is {length} character long; Meta allows at most {limit}.',
    other: 'The body is {length} characters long; Meta allows at most {limit}.',
  },
  'lint.body.too_long.fix': {
    one: 'shorten the body by {excess} character',
    other: 'shorten the body by {excess} characters',
  },
  'lint.body.too_long.message.general':
    'Meta rejected the template because a text is too long: the body allows 1,024 characters, the header and footer 60.',
  'lint.body.too_long.fix.general': 'shorten the text that is over its limit',
  'lint.body.whitespace.message': {
    one: 'The body has tabs or more than {limit} space in a row.',
    other: 'The body has tabs or more than {limit} spaces in a row.',
  },
  'lint.body.whitespace.fix': 'replace them with a single space',
  'lint.body.starts_with_parameter.message':
    'The body starts with the parameter {parameter}; Meta rejects a body that starts or ends with a parameter.',
  'lint.body.starts_with_parameter.fix': 'add words before {parameter}',
  'lint.body.ends_with_parameter.message':
    'The body ends with the parameter {parameter}; Meta rejects a body that starts or ends with a parameter (punctuation after it does not count).',
  'lint.body.ends_with_parameter.fix': 'add words after {parameter}',
  'lint.body.ends_with_parameter.message.general': 'Meta rejected the template because the body starts or ends with a parameter.',
  'lint.body.ends_with_parameter.fix.general': 'add words before the first parameter and after the last one',
  'lint.body.parameter_ratio.message': {
    one: 'The body has only {words} word for its parameters ({parameters}); Meta rejects bodies with too many parameters for their length.',
    other:
      'The body has only {words} words for its parameters ({parameters}); Meta rejects bodies with too many parameters for their length.',
  },
  'lint.body.parameter_ratio.fix': {
    one: 'add at least {missing} more word, or use fewer parameters',
    other: 'add at least {missing} more words, or use fewer parameters',
  },
  'lint.body.parameter_ratio.message.general':
    'Meta rejected the template because it has too many parameters for the amount of text.',
  'lint.body.parameter_ratio.fix.general': 'add more words around the parameters, or use fewer parameters',

  'lint.header.missing_text.message': 'A TEXT header needs text.',
  'lint.header.missing_text.fix': 'write the header text, or choose no header',
  'lint.header.too_long.message': {
    one: 'The header is {length} character long; Meta allows at most {limit}.',
    other: 'The header is {length} characters long; Meta allows at most {limit}.',
  },
  'lint.header.too_long.fix': {
    one: 'shorten the header by {excess} character',
    other: 'shorten the header by {excess} characters',
  },
  'lint.header.too_many_parameters.message': {
    one: 'The header has {count} parameter; Meta allows at most one.',
    other: 'The header has {count} parameters; Meta allows at most one.',
  },
  'lint.header.too_many_parameters.fix': 'remove {parameter} from the header and keep one parameter',
  'lint.header.emoji.message': 'Headers cannot contain emoji.',
  'lint.header.emoji.fix': 'remove {emoji} from the header (emoji are allowed in the body)',
  'lint.header.formatting.message':
    "Headers cannot use formatting characters such as '{character}' (bold, italic, strikethrough).",
  'lint.header.formatting.fix': "remove '{character}' from the header",
  'lint.header.formatting.message.general':
    "Meta rejected the header's format: a text header is one line of at most 60 characters, with at most one parameter, no emoji and no formatting characters (* _ ~).",
  'lint.header.formatting.fix.general': 'simplify the header: one line, one parameter at most, no emoji or formatting',
  'lint.header.newline.message': 'Headers must be a single line.',
  'lint.header.newline.fix': 'remove the line break from the header',
  'lint.header.missing_media_example.message': "A {format} header needs a sample {format} for Meta's reviewers.",
  'lint.header.missing_media_example.fix': 'upload a sample {format}',

  'lint.footer.too_long.message': {
    one: 'The footer is {length} character long; Meta allows at most {limit}.',
    other: 'The footer is {length} characters long; Meta allows at most {limit}.',
  },
  'lint.footer.too_long.fix': {
    one: 'shorten the footer by {excess} character',
    other: 'shorten the footer by {excess} characters',
  },
  'lint.footer.parameter.message': 'Footers cannot contain parameters such as {parameter}.',
  'lint.footer.parameter.fix': 'remove {parameter} from the footer (move it to the body)',
  'lint.footer.parameter.message.general':
    "Meta rejected the footer's format: a footer is plain text of at most 60 characters, without parameters or emoji.",
  'lint.footer.parameter.fix.general': 'remove parameters and emoji from the footer',
  'lint.footer.emoji.message': 'Footers should not contain emoji.',
  'lint.footer.emoji.fix': 'remove {emoji} from the footer',
  'lint.footer.code_expiration_outside_authentication.message':
    'Only AUTHENTICATION templates can have a code expiration footer.',
  'lint.footer.code_expiration_outside_authentication.fix':
    'remove the code expiration, or make the template AUTHENTICATION',
  'lint.footer.code_expiration_range.message': {
    one: 'The code expires after {minutes} minute; Meta allows {min} to {max}.',
    other: 'The code expires after {minutes} minutes; Meta allows {min} to {max}.',
  },
  'lint.footer.code_expiration_range.fix': 'set the code expiration between {min} and {max} minutes',

  'lint.params.mixed_format.message':
    'The template mixes numbered and named parameters; {parameter} does not match its {format} format.',
  'lint.params.mixed_format.fix':
    'use only {format} parameters: numbers like {{1}} for POSITIONAL, names like {{first_name}} for NAMED',
  'lint.params.format_mismatch.message': "{parameter} does not match the template's parameter format, {format}.",
  'lint.params.format_mismatch.fix':
    'change the parameter format, or write parameters the {format} way: numbers like {{1}} for POSITIONAL, names like {{first_name}} for NAMED',
  'lint.params.invalid_name.message':
    '{parameter} is not a valid parameter: use a number such as {{1}} or a name of lowercase letters, digits and underscores such as {{first_name}}.',
  'lint.params.invalid_name.fix': 'rename it with lowercase letters, digits and underscores, starting with a letter',
  'lint.params.gap.message': 'Numbered parameters must run 1, 2, 3… without gaps; {parameter} breaks the sequence.',
  'lint.params.gap.fix': 'renumber to {expected}',
  'lint.params.out_of_order.message': '{parameter} comes after {previous}; numbered parameters must appear in order.',
  'lint.params.out_of_order.fix': 'renumber the parameters in reading order',
  'lint.params.missing_example.message':
    "{parameter} has no example value; Meta's reviewers need one for every parameter.",
  'lint.params.missing_example.fix': 'add an example value for {parameter}',
  'lint.params.adjacent.message': '{first} and {second} stand side by side with no words between them.',
  'lint.params.adjacent.fix': 'put words between {first} and {second}',
  'lint.params.unbalanced_braces.message':
    "A parameter's braces do not pair up: a '{{' is never closed, or a '}}' has no matching '{{'.",
  'lint.params.unbalanced_braces.fix': 'write each parameter with two braces on both sides, e.g. {{1}}',
  'lint.params.invalid_character.message':
    "The parameter {parameter} contains '{character}'; parameters cannot contain #, $ or %.",
  'lint.params.invalid_character.fix': "remove '{character}' from {parameter}",

  'lint.buttons.empty.message': 'The buttons section has no buttons.',
  'lint.buttons.empty.fix': 'add a button or remove the buttons section',
  'lint.buttons.too_many.message': {
    one: 'The template has {count} button; Meta allows at most {limit}.',
    other: 'The template has {count} buttons; Meta allows at most {limit}.',
  },
  'lint.buttons.too_many.fix': { one: 'remove {excess} button', other: 'remove {excess} buttons' },
  'lint.buttons.quick_reply_not_grouped.message':
    'Quick reply buttons must be grouped together, not mixed between link, call or copy-code buttons.',
  'lint.buttons.quick_reply_not_grouped.fix':
    'move all quick reply buttons next to each other (before or after the others)',
  'lint.buttons.too_many_url.message': {
    one: 'The template has {count} {kind} button; Meta allows at most {limit}.',
    other: 'The template has {count} {kind} buttons; Meta allows at most {limit}.',
  },
  'lint.buttons.too_many_url.fix': {
    one: 'remove {kind} buttons until only {limit} is left',
    other: 'remove {kind} buttons until only {limit} are left',
  },
  'lint.buttons.too_many_phone_number.message': {
    one: 'The template has {count} {kind} button; Meta allows at most {limit}.',
    other: 'The template has {count} {kind} buttons; Meta allows at most {limit}.',
  },
  'lint.buttons.too_many_phone_number.fix': {
    one: 'remove {kind} buttons until only {limit} is left',
    other: 'remove {kind} buttons until only {limit} are left',
  },
  'lint.buttons.too_many_copy_code.message': {
    one: 'The template has {count} {kind} button; Meta allows at most {limit}.',
    other: 'The template has {count} {kind} buttons; Meta allows at most {limit}.',
  },
  'lint.buttons.too_many_copy_code.fix': {
    one: 'remove {kind} buttons until only {limit} is left',
    other: 'remove {kind} buttons until only {limit} are left',
  },
  'lint.buttons.copy_code_in_utility.message': 'Copy-code buttons are not allowed in UTILITY templates.',
  'lint.buttons.copy_code_in_utility.fix': 'remove the copy-code button or make the template MARKETING',
  'lint.buttons.authentication_otp_only.message': 'AUTHENTICATION templates can only have an OTP button, not {kind}.',
  'lint.buttons.authentication_otp_only.fix': 'remove the {kind} button',
  'lint.buttons.authentication_otp_only.message.general':
    'AUTHENTICATION templates need an OTP button (copy code, one-tap or zero-tap).',
  'lint.buttons.authentication_otp_only.fix.general': 'add an OTP button with otp_type COPY_CODE',
  'lint.buttons.otp_outside_authentication.message': 'OTP buttons are only for AUTHENTICATION templates.',
  'lint.buttons.otp_outside_authentication.fix': 'change the category to AUTHENTICATION or remove the OTP button',

  'lint.button.text_empty.message': 'The button has no text.',
  'lint.button.text_empty.fix': "write the button's label",
  'lint.button.text_too_long.message': {
    one: 'The button text is {length} character long; Meta allows at most {limit}.',
    other: 'The button text is {length} characters long; Meta allows at most {limit}.',
  },
  'lint.button.text_too_long.fix': {
    one: 'shorten the button text by {excess} character',
    other: 'shorten the button text by {excess} characters',
  },
  'lint.button.text_emoji.message': 'Button text cannot contain emoji.',
  'lint.button.text_emoji.fix': 'remove {emoji} from the button text',
  'lint.button.text_newline.message': 'Button text must be a single line.',
  'lint.button.text_newline.fix': 'remove the line break from the button text',
  'lint.button.url_too_long.message': {
    one: 'The URL is {length} character long; Meta allows at most {limit}.',
    other: 'The URL is {length} characters long; Meta allows at most {limit}.',
  },
  'lint.button.url_too_long.fix': {
    one: 'shorten the URL by {excess} character',
    other: 'shorten the URL by {excess} characters',
  },
  'lint.button.url_scheme.message': 'A URL button needs a web address starting with https:// or http://.',
  'lint.button.url_scheme.fix': 'start the URL with https://',
  'lint.button.url_variable.message':
    'The URL variable {parameter} is not allowed here: a URL may have one variable, {{1}}, at its very end.',
  'lint.button.url_variable.fix': 'keep a single {{1}} at the end of the URL',
  'lint.button.url_missing_example.message': 'A URL with a variable needs an example of the full URL.',
  'lint.button.url_missing_example.fix': 'add an example of the full URL, with a real value in place of the variable',
  'lint.button.links_to_whatsapp.message':
    'Buttons cannot link to WhatsApp ({host}): chats, groups or other numbers.',
  'lint.button.links_to_whatsapp.fix': 'link to your website instead; a WhatsApp link may go in the body text',
  'lint.button.phone_number.message':
    "'{phone_number}' is not a phone number Meta accepts (digits with country code, at most 20).",
  'lint.button.phone_number.fix': 'write the number with its country code and digits only, e.g. 15550051234',
  'lint.button.otp_type.message': "'{otp_type}' is not an OTP button type.",
  'lint.button.otp_type.fix': 'use COPY_CODE, ONE_TAP or ZERO_TAP',
  'lint.button.copy_code_example.message': {
    one: 'A copy-code button needs an example code of 1 to {limit} character.',
    other: 'A copy-code button needs an example code of 1 to {limit} characters.',
  },
  'lint.button.copy_code_example.fix': {
    one: 'give an example code of at most {limit} character, e.g. SAVE20',
    other: 'give an example code of at most {limit} characters, e.g. SAVE20',
  },

  'lint.marketing.opt_out.message': 'Marketing templates should tell customers how to stop receiving them.',
  'lint.marketing.opt_out.fix': 'add a footer such as "Reply STOP to unsubscribe" or a "Stop promotions" quick reply',

  'lint.account.too_many_templates.message':
    'Meta refused to create the template because this business account reached its limit of templates (at most 100 new templates per hour, and a total cap per account).',
  'lint.account.too_many_templates.fix':
    'wait an hour before submitting again, or delete templates you no longer use',
} as const satisfies Messages;
