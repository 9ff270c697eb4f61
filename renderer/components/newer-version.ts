// PROTOCOL.md "Versions": a feed whose header names a newer format version is not read, and the person is told
// why it shows nothing, in the same words on the Sync page and on the profile.
export function newerVersionNote(version: number): string {
  return `Written with a newer version of rstatus (feed format ${version}): its statuses show once you update rstatus`
}
