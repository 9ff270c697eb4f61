// The `rstatus` command's help text. The commands and options are a contract (README.md); keep this in step with args.ts.

export const USAGE = `Usage: rstatus [--data DIR] [--bootstrap HOST:PORT[,HOST:PORT...]] [--host IP] [--relay KEY[,KEY...]] COMMAND

Commands:
  whoami [--json]                      show your key and rstatus:// link (creates your identity if needed)
  post TEXT [--quote URI] [--cw WARNING] [--sensitive] [--poll "A|B[|C|D]" [--poll-hours N]]
                                       post a status; prints its link. --cw folds it behind a warning,
                                       --sensitive blurs its images, --poll adds 2 to 4 choices open for
                                       N hours (1 to 168, default 24; a choice cannot contain |)
  reply URI TEXT [--cw WARNING] [--sensitive]
                                       reply to a status
  edit URI TEXT                        replace the text of one of your statuses; prints its (same) link
  vote URI CHOICE_NUMBER               vote in a poll (choices count from 1); votes are public
  pin URI | unpin URI                  pin one of your statuses on your profile (up to 3), or unpin it
  repost URI                           repost a status
  like URI                             like a status
  delete URI                           delete one of your statuses
  profile [--name NAME] [--bio TEXT] [--handle DOMAIN]
                                       set your profile; with no option, show it
  follow KEY|URI|HANDLE                follow a feed, or the key a domain handle names
  unfollow KEY|URI                     stop following a feed
  following [--json]                   list the feeds you follow
  timeline [--limit N] [--json]        your home timeline from local data, newest first
  bookmark URI | unbookmark URI        keep a status in your bookmarks (private, on all your devices), or not
  bookmarks [--limit N] [--json]       your bookmarked statuses, the latest bookmark first
  list create NAME | list delete NAME  make or delete a list of people (private, on all your devices)
  list add NAME KEY | list remove NAME KEY
                                       add someone to a list, or take them off it
  lists [--json]                       your lists and who is in them
  list show NAME [--limit N] [--json]  a timeline of the list's members, newest first
  device invite [--timeout S]          invite a new device of your identity; prints a one-time code and waits
                                       (default 600 s) until a device joins with it
  device join [CODE]                   pair this (fresh) data directory as a new device of the inviting identity;
                                       without CODE, it is read from a prompt or stdin (better: a code on the
                                       command line can be read by other users of this computer)
  device list [--json]                 list your identity's devices
  device remove KEY                    unlink a lost device: its later statuses are ignored by everyone
  dm send KEY|URI|ID[,KEY…] TEXT|-     send a private message to a conversation (its ID) or to people (the
                                       conversation with exactly them, started if needed); prints its ID.
                                       - reads the text from stdin (better: a command line is visible to
                                       other users of this computer)
  dm list [--json]                     your conversations, newest first, with unread counts
  dm read ID|KEY [--json] [--limit N]  a conversation's messages, oldest first (KEY: the one-to-one one);
                                       marks them read
  dm requests [--json]                 first messages from people you do not follow
  dm accept ID | dm decline ID         move a request to your conversations, or delete it (unsaid)
  sync [--timeout SECONDS]             go online and fetch every followed feed (default timeout 30)
  serve [--port N] [--no-ui] [--new-token]
                                       stay online and serve the app at http://127.0.0.1:PORT (default 7420);
                                       --new-token shuts out every tab and link given out before
  reindex                              rebuild the local views from the feeds
  check                                verify that the local views match the feeds
  token create --name NAME [--read-only] [--messages]
                                       make an access token for another app; prints it once
                                       --messages also lets it read (and unless read-only, send)
                                       your private messages
  token list [--json]                  list app tokens (names, access, last use; never the tokens)
  token revoke NAME                    revoke an app token at once
  token messages NAME on|off           grant an app your private messages, or take them back
  atom [--out FILE] [--limit N]        write your statuses as an Atom feed (to stdout without --out)
  import-twitter ZIP                   import your Twitter/X archive (tweets, dates, threads, photos);
                                       running it again adds nothing twice
  export FILE [--media]                write your statuses, profile and follow list as JSON (docs/EXPORT.md);
                                       --media embeds your images
  identity export FILE                 back up your identity (the secret your feed is signed with) to FILE
  identity import FILE                 restore a backed-up identity into a new, empty data directory; it
                                       fetches your feed from the network before you can post again
  leave --yes                          delete your account: a tombstone for every status, then your feed
                                       is no longer shared (copies others hold stay; see docs/PROTOCOL.md)
  mirror serve [--storage DIR] [--max-storage MB] [--trust KEY[,KEY...]]
                                       run a mirror: keeps the cores of whoever asks; announces, relays
                                       and keeps replies and messages for the peers it trusts; prints its key
  mirror add KEY | mirror remove KEY   ask a mirror to keep your feed, images and devices' feeds; stop
                                       (remove asks it to delete what it holds, where it allows that)
  mirror list [--json]                 your mirrors: reachable, blocks held, blocks behind
  mirror sync [--timeout S]            go online; exit 0 once every mirror holds your whole feed
  help                                 show this help

Options:
  --data DIR          data directory (default: the app's data folder; or set RSTATUS_DATA)
  --bootstrap LIST    DHT bootstrap nodes, HOST:PORT[,HOST:PORT...] (default: the public HyperDHT;
                      or set RSTATUS_BOOTSTRAP)
  --host IP           address to bind the DHT to (a peer on 127.0.0.1 or a LAN is counted reachable)
  --relay KEYS        relays to use when a direct connection fails, KEY[,KEY...] in z-base-32 or hex
                      (or set RSTATUS_RELAY; see docs/NETWORK.md)
  --dns SERVERS       DNS servers for handle lookups, IP[:PORT][,IP[:PORT]...] (default: the system's
                      resolver; or set RSTATUS_DNS; see docs/PROTOCOL.md "Handles")

While \`rstatus serve\` runs, other commands on the same data directory go through it. Other apps reach it
with an app token: see docs/API.md.
Set RSTATUS_DEBUG=1 to see the details of unexpected errors.
`
