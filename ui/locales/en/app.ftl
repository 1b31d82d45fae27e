# The desktop app's words in English: the tray, notifications and errors (said by the Rust side,
# messages named word-…), and the windows (main window, cards, dialer).
#
# Variables: $name, $number, … are data (names, numbers, the relay's or the OS's own detail).
# $has_… is "yes" or "no": whether the variable after has_ was given.
# $cause is another message of this catalogue, already worded, starting in lower case.
# Numbers such as $count and $secs are numbers: plurals select on them.

## Card titles.

word-card-ringing = { $has_number ->
    [yes] Incoming call from { $number }
   *[no] Incoming call from a hidden number
}
word-card-calling = { $has_who ->
    [yes] Calling { $who }
   *[no] Calling a hidden number
}
word-card-talking = { $has_who ->
    [yes] Talking with { $who }
   *[no] Talking with a hidden number
}
word-card-ended = { $has_who ->
    [yes] Call with { $who } ended
   *[no] Call with a hidden number ended
}

## The missed-call notification.

word-missed-call-title = Missed call
word-missed-call-body = { $has_name ->
    [yes] { $has_number ->
        [yes] Missed call from { $name }, { $number }
       *[no] Missed call from { $name }
    }
   *[no] { $has_number ->
        [yes] Missed call from { $number }
       *[no] Missed call from a hidden number
    }
}
word-call-back = Call back

## The tray: its tooltip and menu, and the dialer window's title.

word-tray-starting = Callcard: starting
word-tray-connected = Callcard: connected
word-tray-connected-do-not-disturb = Callcard: connected, do not disturb
word-tray-connecting = Callcard: connecting…
word-tray-reconnecting = Callcard: reconnecting: { $cause }
word-tray-token-refused = Callcard: token refused: { $cause }
word-tray-incompatible-relay = Callcard: incompatible relay: { $cause }
word-tray-not-set-up = Callcard: not set up
word-menu-open = Open Callcard
word-menu-dial = Dial…
word-menu-do-not-disturb = Do not disturb
word-menu-quit = Quit
word-dialer-window-title = Callcard: dial

## Talking to the relay.

word-relay-address-invalid = { $has_detail ->
    [yes] The relay address “{ $address }” is not valid: { $detail }.
   *[no] The relay address “{ $address }” is not valid.
}
word-relay-address-not-http = The relay address “{ $address }” is not valid: expected http://host:port or https://host.
word-relay-unreachable = { $has_detail ->
    [yes] Cannot reach the relay: { $detail }.
   *[no] Cannot reach the relay.
}
word-relay-timed-out = Cannot reach the relay: no answer within { $secs } s.
word-token-refused = The relay refused the token (wrong, or revoked by the admin).
word-protocol-mismatch = This app speaks protocol { $client }, the relay speaks { $relay }: update the app or the relay.
word-not-a-relay-status = That address answers, but not as a Callcard relay (HTTP { $status }).
word-not-a-relay-answer = { $has_detail ->
    [yes] That address answers, but not as a Callcard relay: unexpected answer: { $detail }.
   *[no] That address answers, but not as a Callcard relay: unexpected answer.
}
word-not-a-relay-no-hello = That address answers, but not as a Callcard relay: no hello on the WebSocket.
word-relay-silent = The relay was silent for { $secs } s.
word-relay-closed = The relay closed the connection.
word-connection-lost = { $has_detail ->
    [yes] The connection was lost: { $detail }.
   *[no] The connection was lost.
}
word-relay-reported = { $has_detail ->
    [yes] The relay reported an error: { $detail }.
   *[no] The relay reported an error.
}
word-relay-refused = { $has_detail ->
    [yes] The relay refused: { $detail }.
   *[no] The relay refused.
}
word-relay-unavailable = { $has_detail ->
    [yes] The relay could not do it now: { $detail }.
   *[no] The relay could not do it now.
}

## Errors the relay reports by code.

word-storage-unavailable = The relay's storage is unavailable: try again in a moment.
word-request-refused = { $has_detail ->
    [yes] The relay did not accept this app's request (the app may need an update): { $detail }.
   *[no] The relay did not accept this app's request (the app may need an update).
}
word-bad-phone = { $has_detail ->
    [yes] That is not a phone number: { $detail }.
   *[no] That is not a phone number.
}
word-field-required = Fill in the field “{ $field }”.
word-field-too-long = The field “{ $field }” is too long ({ $max } characters at most).
word-no-such-call = The relay has no such call, or it is not yours to see.
word-not-your-call = You can log outcomes only for calls you handled.
word-not-allowed-to-blacklist = Your admin has not allowed you to blacklist numbers.
word-unknown-outcome = That outcome is not offered any more.
word-key-reused = The relay has this click on record for another call: click again.
word-no-recording = This call has no recording.
word-recording-not-ready = The recording is not ready yet: try again in a minute.
word-recording-gone = The PBX no longer has this recording (the link expired or the file was deleted).
word-no-pbx-user = { $has_provider ->
    [yes] You have no user on the PBX ({ $provider }): ask your admin to add yours.
   *[no] You have no user on the PBX: ask your admin to add yours.
}
word-not-configured = { $has_what ->
    [yes] This is not set up on the relay ({ $what }): ask your admin.
   *[no] This is not set up on the relay: ask your admin.
}
word-pbx-refused = { $has_detail ->
    [yes] The PBX refused: { $detail }.
   *[no] The PBX refused.
}
word-pbx-no-money = { $has_detail ->
    [yes] The PBX account has no money left: { $detail }.
   *[no] The PBX account has no money left.
}
word-pbx-rate-limited = { $has_retry_after_secs ->
    [yes] The PBX is taking too many requests: try again in { $retry_after_secs } s.
   *[no] The PBX is taking too many requests: try again in a moment.
}
word-pbx-unreachable = { $has_detail ->
    [yes] The relay cannot reach the PBX: { $detail }.
   *[no] The relay cannot reach the PBX.
}
word-pbx-bad-answer = { $has_detail ->
    [yes] The PBX gave an answer the relay cannot use: { $detail }.
   *[no] The PBX gave an answer the relay cannot use.
}

## Settings and files on this computer.

word-enter-relay-address = Enter the relay address.
word-enter-token = Enter the agent token your admin gave you.
word-wrap-up-delay-out-of-range = The wrap-up delay must be between { $min } and { $max } seconds.
word-settings-not-saved = { $has_detail ->
    [yes] Cannot save the settings: { $detail }.
   *[no] Cannot save the settings.
}
word-settings-unreadable = { $has_detail ->
    [yes] Cannot read { $path }: { $detail }.
   *[no] Cannot read { $path }.
}
word-settings-damaged = { $path } is damaged ({ $detail }); using defaults.
word-unknown-language = This app does not speak “{ $language }”.
word-autostart-not-changed = { $has_detail ->
    [yes] Start with the session could not be changed: { $detail }.
   *[no] Start with the session could not be changed.
}
word-keyring-unavailable = The system keyring is not available: { $detail } (on Linux a Secret Service such as GNOME Keyring or KWallet must be running).
word-keyring-locked = The system keyring is locked: unlock it and try again.
word-keyring-failed = { $has_detail ->
    [yes] The system keyring failed: { $detail }.
   *[no] The system keyring failed.
}
word-outbox-damaged = The outcome queue was damaged ({ $detail }); it was kept as { $path }.

## Calls, contacts, outcomes.

word-not-connected = Not connected to the relay: check the settings.
word-no-number-to-save = This call has no number to save.
word-enter-contact-name = Enter the client's name.
word-call-not-listed = This call is not in the app's list any more.
word-note-too-long = The note is too long ({ $max } characters at most).
word-outcome-not-queued = { $has_detail ->
    [yes] Cannot save the outcome on this computer: { $detail }.
   *[no] Cannot save the outcome on this computer.
}
word-outcome-refused = The relay refused the outcome “{ $label }”: { $cause }.

## Dialling.

word-enter-number = Enter a phone number.
word-not-a-number = “{ $input }” is not a phone number.
word-softphone-command-invalid = { $has_detail ->
    [yes] The softphone command is not valid: { $detail }.
   *[no] The softphone command is not valid.
}
word-softphone-command-empty = The softphone command is empty.
word-dial-started = Calling { $number }: your phone rings first.
word-handed-to-softphone = Handed { $number } to the softphone.
word-no-tel-handler = No program on this computer takes tel: links ({ $detail }).
word-softphone-not-started = { $has_detail ->
    [yes] Cannot start the softphone “{ $program }”: { $detail }.
   *[no] Cannot start the softphone “{ $program }”.
}

## The recording player.

word-bad-speed = Speed must be one of 1x, 1.5x, 2x (got { $speed }).
word-unknown-player-action = Unknown player action “{ $action }”.
word-recordings-cache-failed = { $has_detail ->
    [yes] Cannot create the recordings cache: { $detail }.
   *[no] Cannot create the recordings cache.
}
word-recording-not-written = { $has_detail ->
    [yes] Cannot write the recording: { $detail }.
   *[no] Cannot write the recording.
}
word-download-broke-off = { $has_detail ->
    [yes] The download broke off: { $detail }.
   *[no] The download broke off.
}
word-download-cut-short = The download was cut short; try again.
word-recording-not-opened = { $has_detail ->
    [yes] Cannot open the recording: { $detail }.
   *[no] Cannot open the recording.
}
word-recording-undecodable = The recording cannot be played: the file is damaged or not audio ({ $detail }).
word-no-sound-output = { $has_detail ->
    [yes] No sound output on this computer: { $detail }.
   *[no] No sound output on this computer.
}
word-seek-failed = { $has_detail ->
    [yes] Cannot jump there: { $detail }.
   *[no] Cannot jump there.
}

## The main window: header and connection state.

status-not-configured = Not set up: enter the relay address and your token below
status-connecting = Connecting…
status-connected = Connected
status-reconnecting = Reconnecting in { $secs } s. { $reason }
status-auth-failed = Token refused. { $reason }
status-protocol-mismatch = Incompatible relay. { $reason }
agent-with-extension = { $name } · ext. { $extension }
main-dial = Dial…
main-do-not-disturb = Do not disturb

## Lists of calls: columns and cells.

col-time = Time
col-when = When
col-client = Client
col-number = Number
col-state = State
col-duration = Duration
col-agent = Agent
col-outcome = Outcome
col-outcome-and-note = Outcome and note
col-now = Now
col-for = For
client-with-company = { $name } ({ $company })
client-new-number = New number
client-open-journal =
    .title = Open the client's journal
number-hidden = hidden
number-call =
    .title = Call { $number }
play-recording =
    .title = Play the recording
blacklisted-tag = blacklisted
blacklist-button = Blacklist
    .title = Turn away calls from this number
unblock-button = Unblock
    .title = Let calls from this number through again
outcome-sending = { $label } (sending…)
outcome-logged-by = { $agent }, { $when }
outcome-logged-by-with-note = { $agent }, { $when }: { $note }
outcome-change =
    .title = Log or change the outcome
outcome-change-choose = change…
outcome-log-choose = log…

## States, directions and how calls ended (the state column, a card's last calls).

state-ringing = ringing
state-talking = talking
state-answered = answered
state-ended = ended
state-other = other
direction-incoming = incoming
direction-outgoing = outgoing
disposition-answered = answered
disposition-missed = missed
disposition-busy = busy
disposition-no-answer = no answer
disposition-cancelled = cancelled
disposition-failed = failed
disposition-no-money = no money
disposition-unallocated = unallocated number
disposition-line-limit = line limit
disposition-transferred = transferred

## The main window's sections.

to-log-title = To log
to-log-hint = Calls you handled that have no outcome yet. One click logs it.
reminders-title = Call back
reminder-unknown-number = Unknown number
reminder-missed = { $count ->
    [one] Missed call { $when }
   *[other] { $count } missed calls, last { $when }
}
reminder-call-back = Call back
calls-title = Today's calls
calls-none = No calls yet today.
team-title = Team
team-missed-title = Missed today
team-no-missed = No missed calls today.
team-hidden-number = hidden number
# Followed by a ticking clock (m:ss).
team-waiting = { $count } waiting; the longest for
team-nobody-waiting = Nobody is waiting.
team-missed-times = { $count ->
    [one] once
   *[other] { $count } times
}
team-called-back = called back
team-not-yet = not yet
activity-free = Free
activity-ringing = Ringing
activity-talking = Talking
activity-wrap-up = Wrap-up
activity-do-not-disturb = Do not disturb

## History search.

history-title = History
history-query =
    .placeholder = name, company or number
history-from = from
history-to = to
history-direction =
    .title = Direction
history-both-directions = both directions
history-missed =
    .title = Missed
history-answered-and-missed = answered and missed
history-missed-only = missed only
history-answered-only = answered only
history-outcome =
    .title = Outcome
history-any-outcome = any outcome
history-agent = agent
history-any-agent = any agent
history-search = Search
history-more = More
history-searching = Searching…
history-found = { $count ->
    [0] No calls found.
    [one] { $count } call.
   *[other] { $count } calls.
}

## A client's journal.

journal-close =
    .title = Close
journal-lead = Lead
journal-client = Client
journal-responsible = Responsible: { $name }
journal-blacklisted = Blacklisted
journal-calls = { $count ->
    [one] { $count } call
   *[other] { $count } calls
}
journal-new-number = New number
journal-empty = No calls with this number yet.
loading = Loading…

## Settings.

settings-title = Settings
settings-relay-url = Relay address
settings-token = Agent token
settings-token-new =
    .placeholder = paste the token your admin gave you
settings-token-saved =
    .placeholder = saved in the system keyring (leave empty to keep it)
settings-wrap-up = Close the wrap-up card after (seconds)
settings-start-at-login = Start with my session
settings-start-hidden = Start hidden in the tray
settings-dial-mode = Clicking a number
settings-dial-pbx = rings my phone through the PBX, then the client
settings-dial-softphone = hands the number to my softphone
settings-softphone-command = Softphone command (optional; {"{"}number{"}"} is replaced)
settings-softphone-example =
    .placeholder = e.g. microsip.exe {"{"}number{"}"} — empty: the system's tel: handler
settings-language = Language
settings-language-system = as the system
settings-save = Check and save
settings-checking = Checking…
settings-saved = Saved. Signed in as { $name }.

## The call card.

card-hidden-number = Hidden number
card-blacklisted = Blacklisted
card-lead = Lead
card-new-number = New number
card-name-client = Name this client
card-create-contact = Create contact
card-contact-name =
    .placeholder = Name
card-contact-company =
    .placeholder = Company
card-contact-save = Save
card-manager = Manager
card-line = Line
card-last-call = Last call
card-outcome-note =
    .placeholder = Note (optional)
card-logged = Logged:
card-play-recording = ▶ Recording
card-close =
    .title = Close

## The recording player.

player-play =
    .title = Play
player-pause =
    .title = Pause
player-stop =
    .title = Stop
player-downloading = Downloading…
player-downloading-percent = Downloading… { $percent }%

## The dialer.

dialer-input =
    .placeholder = Number or name
dialer-call = Call
dialer-calling = Calling…
dialer-contacts = Contacts
dialer-recent = Recent calls
