// The `rstatus` command's help text. Issue 2 fixes the commands and options; keep this in step with args.ts.

export const USAGE = `Usage: rstatus [--data DIR] [--bootstrap HOST:PORT[,HOST:PORT...]] [--host IP] COMMAND

Commands:
  whoami [--json]                      show your key and rstatus:// link (creates your identity if needed)
  post TEXT                            post a status; prints its link
  reply URI TEXT                       reply to a status
  repost URI                           repost a status
  like URI                             like a status
  delete URI                           delete one of your statuses
  profile [--name NAME] [--bio TEXT]   set your profile; with no option, show it
  follow KEY|URI                       follow a feed
  unfollow KEY|URI                     stop following a feed
  following [--json]                   list the feeds you follow
  timeline [--limit N] [--json]        your home timeline from local data, newest first
  sync [--timeout SECONDS]             go online and fetch every followed feed (default timeout 30)
  serve [--port N] [--no-ui]           stay online and serve the app at http://127.0.0.1:PORT (default 7420)
  reindex                              rebuild the local views from the feeds
  check                                verify that the local views match the feeds
  help                                 show this help

Options:
  --data DIR          data directory (default: the app's data folder; or set RSTATUS_DATA)
  --bootstrap LIST    DHT bootstrap nodes, HOST:PORT[,HOST:PORT...] (default: the public HyperDHT;
                      or set RSTATUS_BOOTSTRAP)
  --host IP           address to bind the DHT to (a peer on 127.0.0.1 or a LAN is counted reachable)

While \`rstatus serve\` runs, other commands on the same data directory go through it.
Set RSTATUS_DEBUG=1 to see the details of unexpected errors.
`
