# The admin console's words in English.
#
# Variables ($name, $count, …) are data. Numbers such as $count are numbers: plurals select on them.

## The page and its header.

app-title = Callcard admin
app-signed_in_as = Signed in as { $name }
app-sign_out = Sign out
app-loading = Loading…
app-reload = Reload
app-refresh = Refresh
app-csrf_refused = The relay refused a change from this page (its session check failed). Reload the page.
app-page_failed = This page could not load. Reload the page.
app-unreachable = Could not reach the relay. Check that it is running, then try again.
nav-telephony = Telephony
nav-team = Team
nav-contacts = Contacts
nav-lines = Lines
nav-outcomes = Outcomes
nav-reports = Reports
nav-board = Live board
nav-switches = Switches
nav-flagged = Webhooks with problems

## The live board.

board-title = Live board
board-intro = What every agent is doing now, the calls waiting and today's missed calls. It follows the calls as they happen.
board-agents = Agents
board-waiting = Calls waiting
board-missed_today = Missed today
board-activity-free = Free
board-activity-ringing = Ringing
board-activity-talking = Talking
board-activity-wrap_up = Wrap-up
board-activity-do_not_disturb = Do not disturb
board-hidden_number = Hidden number
board-waiting_longest = { $count ->
    [one] { $count } waiting; the longest for { $wait }
   *[other] { $count } waiting; the longest for { $wait }
}
board-nobody_waiting = Nobody is waiting.
board-no_agents = No agents yet.
board-no_missed = No missed calls today.
board-called_back = Called back
board-not_called_back = Not yet
board-col-agent = Agent
board-col-role = Role
board-col-activity = Now
board-col-client = Client
board-col-since = For
board-col-line = Line
board-col-waiting = Waiting
board-col-missed = Missed calls
board-col-last = Last at
board-col-called_back = Called back

## Sign in.

signin-title = Sign in to the Callcard admin console
signin-token = Admin token
signin-token_placeholder = cc_…
signin-hint = Use an admin's token (made with callcard-relay agent add … --admin).
signin-submit = Sign in
signin-pending = Signing in…
signin-empty = Paste your admin token.
signin-invalid_token = This token is not valid, or it was revoked.
signin-missing_token = Paste your admin token.
signin-session_ended = Your session ended; sign in again.
signin-signed_out = You are signed out.
signin-lost_admin = This token is no longer an admin's; sign in with an admin's token.
not_admin-title = Not an admin
not_admin-named = This token belongs to { $name }, { $role }, not an admin.
not_admin-unnamed = This token belongs to { $role }, not an admin.
not_admin-ask = Ask an administrator for an admin's token, or to make you an admin on the console's Team page.
not_admin-role-agent = an agent
not_admin-role-supervisor = a supervisor
not_admin-role-other = someone who is not an admin

## Roles.

role-agent = Agent
role-supervisor = Supervisor
role-admin = Admin
role-unknown = Unknown role

## Providers.

provider-zadarma = Zadarma
provider-itoolabs = ITooLabs / MegaFon
provider-uis = UIS / CoMagic
provider-ringostat = Ringostat

## Telephony.

telephony-title = Telephony
telephony-none = The relay reports no providers.
telephony-api_set = API keys are set.
telephony-api_unset = API keys are not set: click-to-call, balance and user lists do not work.
telephony-webhooks_set = The webhook secret is set: webhooks are verified.
telephony-webhooks_unset = The webhook secret is not set.
telephony-urls = Webhook URLs to paste into the PBX's cabinet
telephony-no_urls = No webhook URLs.
telephony-secret_hint = Replace {"{"}secret{"}"} with the webhook secret from the relay's configuration (it is never shown here).
# The label of the one webhook URL that takes every event.
telephony-all_events = all events
telephony-copy = Copy
telephony-copied = Copied
telephony-copy_manually = Selected: press Ctrl+C
telephony-check = Check keys
telephony-checking = Checking…
telephony-keys_work = Keys work.
telephony-balance = Balance: { $amount }.
telephony-no_balance = The PBX reports no balance.
telephony-users = { $count ->
    [one] { $count } user.
   *[other] { $count } users.
}
telephony-keys = Keys
telephony-key-api_key = API key
telephony-key-api_secret = API secret
telephony-key-api_url = API address
telephony-key-api_token = API token
telephony-key-crm_token = CRM token
telephony-key-login = Login
telephony-key-password = Password
telephony-key-access_token = Access token
telephony-key-virtual_phone_number = Virtual phone number
telephony-key-webhook_secret = Webhook secret
telephony-key-project_id = Project id
telephony-key-auth_key = Auth key
telephony-key_source-store = entered here
telephony-key_source-config = from the config file
telephony-key_source-unset = not set
telephony-key_source-unknown = { "" }
telephony-key_replace = •••••• type to replace
telephony-key_clear = Clear
telephony-key_cleared = cleared here on Save: the config file's value, if any, applies again
telephony-keys_save = Save keys
telephony-keys_nothing = Nothing to save: type a new value, or clear one entered here.
telephony-keys_saved = Saved. Check the keys to prove them.
telephony-tally = Last webhook: { $when }, { $count } received, { $flagged } flagged
telephony-tally_no_time = { $count } received, { $flagged } flagged
telephony-tally_none = No webhooks received yet
telephony-see_flagged = See the flagged ones

## Team.

team-title = Team
team-show_revoked = Show revoked agents ({ $count })
team-col-name = Name
team-col-role = Role
team-col-actions = { "" }
team-you = (you)
team-added = added { $when }
team-revoked_at = revoked { $when }
team-none = No agents yet. Add the first one below.
team-pbx_none = — none —
team-pbx_missing = { $id } (not on the PBX)
team-pbx_placeholder = user id
team-users_failed = Could not list { $provider }'s users: { $error }
team-revoke = Revoke
team-revoke_confirm = Revoke { $name }'s token? They are signed out at once and cannot sign in with it again.
team-revoke_confirm_self = Revoke your own token? You are signed out of this console at once.
team-revoke_yes = Revoke
team-revoke_no = Cancel
team-demote_self = Change your own role? You will no longer be able to use this console.
team-saved = Saved
team-may_blacklist = may blacklist numbers
team-may_blacklist_hint = Shows the blacklist button on this agent's cards and call list in the app
team-may_blacklist_always = Supervisors and admins always have the blacklist button
team-add-title = Add an agent
team-add-name = Name
team-add-role = Role
team-add-pbx = User on { $provider } (optional)
team-add-submit = Add agent
team-add-pending = Adding…
team-add-empty_name = Enter the agent's name.
team-token-title = { $name } was added. Their token:
team-token-warning = Copy it now and give it to { $name }: it will not be shown again. They paste it into the Callcard app.
team-token-copy = Copy
team-token-done = Done, I have copied it

## Contacts.

contacts-title = Contacts
contacts-search = Search contacts
contacts-search_placeholder = Search by number, name or company
contacts-searching = Searching…
contacts-none = No contacts yet. Add one below, or import a file.
contacts-none_match = No contact matches “{ $q }”.
contacts-first = The first { $limit } are shown: type more to narrow the search.
contacts-col-phone = Number
contacts-col-name = Name
contacts-col-company = Company
contacts-col-responsible = Responsible
contacts-col-blacklisted = Blacklisted
contacts-col-actions = { "" }
contacts-nobody = Nobody
contacts-edit = Edit
contacts-journal = Calls
journal-title = Calls with { $who }
journal-loading = Loading the calls…
journal-none = No calls with this number yet.
journal-incoming = incoming
journal-outgoing = outgoing
journal-missed = missed
journal-answered = answered
journal-ended = ended
journal-in_progress = in progress
journal-col-when = When
journal-col-direction = Direction
journal-col-agent = Manager
journal-col-state = { "" }
journal-col-duration = Talk
journal-col-outcome = Outcome and note
journal-col-recording = Recording
contacts-blacklist_label = Blacklist { $phone }
contacts-blacklisted_now = Blacklisted
contacts-unblacklisted_now = Off the blacklist
contacts-form-add = Add or change a contact
contacts-form-change = Change { $phone }
contacts-form-phone = Number
contacts-form-name = Name
contacts-form-company = Company (optional)
contacts-form-responsible = Responsible manager
contacts-form-blacklisted = Blacklisted: calls from this number are turned away (when the blacklist switch is on)
contacts-form-hint = Saving a number that is already a contact changes that contact.
contacts-form-save = Save contact
contacts-form-clear = New contact
contacts-form-saving = Saving…
contacts-form-saved = Saved { $name } ({ $phone }).
contacts-import-title = Import a CSV file
contacts-import-hint = The first line names the columns: phone and name, and if you like company, responsible (an agent's login, extension or name) and blacklist (yes or no). A file lands whole or not at all: with any row to fix, nothing is saved.
contacts-import-file = File
contacts-import-submit = Import
contacts-import-no_file = Choose a file first.
contacts-import-pending = Importing { $file }…
contacts-import-done = { $created } added, { $updated } updated.
contacts-import-refused = { $count ->
    [one] Nothing was imported: { $count } row needs fixing.
   *[other] Nothing was imported: { $count } rows need fixing.
}
contacts-import-row = Line { $line } ({ $phone }): { $problem }
contacts-import-row_no_phone = Line { $line }: { $problem }

## Lines.

lines-title = Lines
lines-intro = Our numbers and their labels: the line a card shows, and the source in reports. A label set here wins over the config file's.
lines-none = No lines have a label yet.
lines-col-did = Number
lines-col-label = Label
lines-col-source = Where from
lines-col-actions = { "" }
lines-label_of = Label of { $did }
lines-source-store = set here
lines-source-config = from the config file
lines-source-unknown = { "" }
lines-save = Save
lines-saved = Saved
lines-remove = Remove label
lines-removing = Removing…
lines-removed = Removed: the config file's label applies again
lines-remove_hint = Removing a label set here brings back the config file's label for that number, if it has one.
lines-add-title = Add a line
lines-add-did = Number
lines-add-label = Label
lines-add-submit = Add line

## Outcomes.

outcomes-title = Outcomes
outcomes-intro = The buttons a card offers when a call ends, in this order. A retired outcome is no longer offered; calls logged with it keep it.
outcomes-none = No outcomes yet. Add the first one below.
outcomes-col-order = Order
outcomes-col-code = Code
outcomes-col-label = Label
outcomes-col-colour = Colour
outcomes-col-converts = Makes a client
outcomes-converts_hint = Logging this outcome turns the call's lead into a client
outcomes-converts_yes = yes
outcomes-col-actions = { "" }
outcomes-up = Move up
outcomes-down = Move down
outcomes-moved = Moved
outcomes-label_of = Label of { $code }
outcomes-colour_of = Colour of { $code }
outcomes-save = Save
outcomes-saved = Saved
outcomes-retire = Retire
outcomes-retired = retired
outcomes-retired_now = Retired: cards no longer offer it
outcomes-offer_again = Offer again
outcomes-offered_again = Offered again
outcomes-added = Added
outcomes-add-title = Add an outcome
outcomes-add-code = Code
outcomes-add-label = Label
outcomes-add-colour = Colour
outcomes-add-hint = The code is what reports and the API use: letters, digits, _ and -. It cannot be changed later; the label and colour can.
outcomes-add-submit = Add outcome

## Reports.

reports-title = Reports
reports-intro = A period's calls: totals, charts with their figures, each agent's calls, and the calls as a CSV file.
reports-from = From
reports-to = To
reports-show = Show
reports-this_month = This month
reports-last_month = Last month
reports-no_calls = There were no calls from { $from } to { $to }.
reports-timezone = Days are counted in the relay's time zone, { $timezone }.
reports-total-calls = Calls
reports-total-answered = Answered
reports-total-missed = Missed
reports-total-talk = Talk time (h:mm)
reports-total-new_leads = New leads
reports-talk_exact = { $secs ->
    [one] { $secs } second
   *[other] { $secs } seconds
}
reports-csv = Download the calls (CSV)
reports-csv_semicolon = CSV with semicolons
reports-csv_hint = Use the semicolon file if your spreadsheet puts every line in one column (Russian, Ukrainian, French, Portuguese settings).
reports-chart-days = Calls per day
reports-chart-lines = Calls per line
reports-chart-outcomes = Outcomes logged
reports-chart-leads = New leads per source
reports-series-answered = Answered
reports-series-missed = Missed
reports-series-other = Outgoing and other
reports-no_line = No line
reports-no_outcomes = No outcomes were logged for these calls.
reports-no_leads = No new leads in this period.
reports-agents = Agents
reports-no_agents = No agent took part in these calls.
reports-col-day = Day
reports-col-line = Line
reports-col-source = Source
reports-col-outcome = Outcome
reports-col-agent = Agent
reports-col-calls = Calls
reports-col-incoming = Incoming
reports-col-answered = Answered
reports-col-missed = Missed
reports-col-leads = New leads
reports-col-talk = Talk time
reports-col-wait = Average wait (s)
reports-col-with_outcome = With outcome

## Switches.

switches-title = Switches
switch-auto_create_contacts = Create a contact for every new number
switch-route_to_responsible = Route known callers to their responsible manager
switch-caller_name_on_phone = Show the caller's name on the IP phone
switch-missed_call_reminders = Missed calls become reminders
switch-blacklist = Turn away blacklisted numbers
switch-recordings_of_others = Agents may play the recordings of other agents' calls
setting-default_responsible = Who gets reminders of callers without a responsible manager
setting-nobody = Nobody (supervisors see such reminders)
setting-not_active = { $value } (not an active agent)
setting-saving = Saving…
source-store = set here
source-config = from the config file
source-default = default
source-unknown = { "" }

## Webhooks with problems.

flagged-title = Webhooks with problems
flagged-intro = Verified webhooks with parts the relay could not read (the last { $limit }). They were stored and applied as far as possible.
flagged-none = No webhooks with problems.
flagged-col-time = Received
flagged-col-provider = Provider
flagged-col-event = Event
flagged-col-problems = Problems
flagged-col-fields = Fields
flagged-show_fields = Show the fields

## Errors, by code (see errors.ts).

error-not_admin = This needs an admin's token.
error-unknown_setting = The relay has no setting named { $name }.
error-bad_setting = Not saved: { $detail }
error-no_such_agent = That agent does not exist any more, or was revoked.
error-unknown_provider = The relay knows no provider { $provider }.
error-pbx_user_taken = User { $user_id } on { $provider } already belongs to { $agent }.
error-bad_role = The relay does not know the role { $role }.
error-pbx_user_taken_twice = User { $user_id } on { $provider } is given twice.
error-agent_number = agent #{ $id }
error-field_required = Fill in the { $field }.
error-field_required-contact-name = Enter the contact's name.
error-field_required-line-label = Enter the line's label.
error-field_required-outcome-code = Enter a code.
error-field_required-outcome-label = Enter the button's label.
error-field_required-report-from = Choose the first day.
error-field_required-report-to = Choose the last day.
error-field_required-name = Enter the agent's name.
error-field_required-pbx_users = An agent needs a user on at least one PBX (supervisors and admins may have none).
error-field_required-user_id = An agent must keep a user on at least one PBX: give another one first.
error-field_required-pbx_user = The user id on { $provider } is empty.
error-field_too_long = The { $field } is too long (at most { $max } characters).
error-bad_field = The { $field } is not right: { $detail }
error-bad_field-colour = The colour must look like #2e7d32.
error-bad_field-code = A code is letters, digits, _ and - ({ $detail }).
error-bad_field-codes = The outcomes changed meanwhile: reload the page and move it again.
error-bad_field-blacklist = The blacklist column takes yes or no.
error-bad_field-phone = This number is in the file twice ({ $detail }).
error-bad_field-header = The first line must name the columns, at least phone and name.
error-bad_field-rows = The file has too many rows ({ $detail }).
error-bad_field-keys = The keys are not usable: { $detail }
error-bad_field-from = The first day must be a date.
error-bad_field-to = The last day must be a date on or after the first, within 400 days of it ({ $detail }).
error-bad_phone = Not a phone number we can use: { $detail }
error-no_such_agent_named = There is no active agent { $agent } to be responsible.
error-no_such_contact = No contact has the number { $phone }.
error-no_such_line = No label was set here for { $did }.
error-no_such_outcome = There is no offered outcome { $code }.
error-body_too_large = This is too large for the relay.
error-bad_body = The relay could not read the request: { $detail }
error-not_configured = API keys are not set.
error-pbx_refused = The PBX refused the keys: { $detail }
error-pbx_unreachable = Could not reach the PBX.
error-pbx_unreachable_detail = Could not reach the PBX: { $detail }
error-pbx_bad_answer = The PBX answered something unusable: { $detail }
error-pbx_rate_limited = The PBX is limiting requests; try again in { $retry_after_secs } s.
error-pbx_rate_limited_soon = The PBX is limiting requests; try again shortly.
error-pbx_no_money = The PBX account is out of money.
error-storage_unavailable = The relay's storage is unavailable; try again later.
error-status = The relay answered { $status }.

## Field names inside sentences ("Fill in the {field}."), by the relay's field name.

field-phone = number
field-did = number
field-name = name
field-company = company
field-label = label
field-colour = colour
field-code = code
field-from = first day
field-to = last day

## The language menu in the header.

app-language = Language
app-language-browser = as the browser

## The outcome list a new database starts with, in the relay's [ui] language.

default-outcome-interested = Interested
default-outcome-call-back = Call back later
default-outcome-not-interested = Not interested
default-outcome-wrong-number = Wrong number
default-outcome-visit-booked = Visit booked
