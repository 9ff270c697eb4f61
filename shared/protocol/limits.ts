// The numbers in the feed format. docs/PROTOCOL.md quotes them; change both together.

export const PROTOCOL_NAME = 'rstatus'
export const PROTOCOL_VERSION = 1

/** Largest block a reader accepts, in bytes of UTF-8 JSON. */
export const MAX_BLOCK_BYTES = 16 * 1024
/** Status text: counted in Unicode code points after NFC normalisation. */
export const MAX_STATUS_CHARS = 500
export const MAX_STATUS_BYTES = 4 * 1024
export const MAX_MENTIONS = 20
export const MAX_NAME_CHARS = 50
export const MAX_BIO_CHARS = 300
export const MAX_MENTION_NAME_CHARS = 64
export const MAX_HASHTAG_CHARS = 64
/** A createdAt further ahead of the reader's clock than this is clamped when ordering (see PROTOCOL.md). */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000

/** Attachments (PROTOCOL.md, "Attachments"). */
export const MAX_ATTACHMENTS = 4
export const MAX_ALT_CHARS = 1000
/** Largest image blob a reader fetches, and the largest image a person may attach (before metadata is stripped). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024
/** Largest thumbnail blob a reader fetches. */
export const MAX_THUMB_BYTES = 256 * 1024
/** Longest side of an image, in pixels. */
export const MAX_IMAGE_SIDE = 16384
export const MAX_SOURCE_CHARS = 100

/** A content warning (PROTOCOL.md, "status"): one line, in characters after NFC. */
export const MAX_CW_CHARS = 200
/** Polls: how many choices, how long each is (characters after NFC), and how long a poll may run. */
export const MIN_POLL_CHOICES = 2
export const MAX_POLL_CHOICES = 4
export const MAX_POLL_CHOICE_CHARS = 50
export const MIN_POLL_MS = 5 * 60 * 1000
export const MAX_POLL_MS = 7 * 24 * 60 * 60 * 1000
/** Link cards: the URL (UTF-16 units), the title and the description (characters after NFC). */
export const MAX_CARD_URL_CHARS = 1000
export const MAX_CARD_TITLE_CHARS = 200
export const MAX_CARD_DESCRIPTION_CHARS = 300
/** Pinned statuses shown on a profile. */
export const MAX_PINS = 3
