# Слова консолі адміністратора українською.
#
# Змінні ($name, $count, …) — це дані. $count тощо — числа: форми множини вибираються за ними.

## Сторінка та її заголовок.

app-title = Адміністрування Callcard
app-signed_in_as = Ви увійшли як { $name }
app-sign_out = Вийти
app-loading = Завантаження…
app-reload = Перезавантажити
app-refresh = Оновити
app-csrf_refused = Сервер Callcard відхилив зміну з цієї сторінки (не пройшла перевірка сеансу). Перезавантажте сторінку.
app-page_failed = Не вдалося завантажити сторінку. Перезавантажте її.
app-unreachable = Не вдалося з’єднатися із сервером Callcard. Переконайтеся, що він працює, і спробуйте ще раз.
nav-telephony = Телефонія
nav-team = Команда
nav-contacts = Контакти
nav-lines = Лінії
nav-outcomes = Результати дзвінків
nav-reports = Звіти
nav-board = Моніторинг
nav-switches = Перемикачі
nav-flagged = Вебхуки з проблемами

## Моніторинг у реальному часі.

board-title = Моніторинг
board-intro = Що зараз робить кожен менеджер, які дзвінки чекають на відповідь і які дзвінки сьогодні пропущено. Дані оновлюються в міру надходження дзвінків.
board-agents = Менеджери
board-waiting = Дзвінки в очікуванні
board-missed_today = Пропущені сьогодні
board-activity-free = Вільний
board-activity-ringing = Дзвонить
board-activity-talking = Розмовляє
board-activity-wrap_up = Після дзвінка
board-activity-do_not_disturb = Не турбувати
board-hidden_number = Прихований номер
board-waiting_longest = { $count ->
    [one] { $count } дзвінок в очікуванні; найдовше — { $wait }
    [few] { $count } дзвінки в очікуванні; найдовше — { $wait }
    [many] { $count } дзвінків в очікуванні; найдовше — { $wait }
   *[other] { $count } дзвінка в очікуванні; найдовше — { $wait }
}
board-nobody_waiting = Ніхто не чекає.
board-no_agents = Менеджерів ще немає.
board-no_missed = Сьогодні пропущених дзвінків немає.
board-called_back = Передзвонили
board-not_called_back = Ще ні
board-col-agent = Менеджер
board-col-role = Роль
board-col-activity = Зараз
board-col-client = Клієнт
board-col-since = Триває
board-col-line = Лінія
board-col-waiting = Очікування
board-col-missed = Пропущені дзвінки
board-col-last = Востаннє
board-col-called_back = Передзвонили

## Вхід.

signin-title = Вхід до консолі адміністратора Callcard
signin-token = Токен адміністратора
signin-token_placeholder = cc_…
signin-hint = Використовуйте токен адміністратора (створений командою callcard-relay agent add … --admin).
signin-submit = Увійти
signin-pending = Вхід…
signin-empty = Вставте свій токен адміністратора.
signin-invalid_token = Цей токен недійсний або його відкликано.
signin-missing_token = Вставте свій токен адміністратора.
signin-session_ended = Сеанс завершився; увійдіть знову.
signin-signed_out = Ви вийшли.
signin-lost_admin = Цей токен більше не належить адміністраторові; увійдіть із токеном адміністратора.
not_admin-title = Немає прав адміністратора
not_admin-named = Власник цього токена — { $name }, { $role }, а не адміністратор.
not_admin-unnamed = Власник цього токена — { $role }, а не адміністратор.
not_admin-ask = Попросіть в адміністратора токен адміністратора або попросіть призначити вас адміністратором на сторінці «Команда» цієї консолі.
not_admin-role-agent = менеджер
not_admin-role-supervisor = керівник
not_admin-role-other = користувач з іншою роллю

## Ролі.

role-agent = Менеджер
role-supervisor = Керівник
role-admin = Адміністратор
role-unknown = Невідома роль

## Провайдери.

provider-zadarma = Zadarma
provider-itoolabs = ITooLabs / MegaFon
provider-uis = UIS / CoMagic
provider-ringostat = Ringostat

## Телефонія.

telephony-title = Телефонія
telephony-none = Сервер Callcard не повідомляє про жодного провайдера.
telephony-api_set = Ключі API задано.
telephony-api_unset = Ключі API не задано: дзвінки одним кліком, баланс і списки користувачів не працюють.
telephony-webhooks_set = Секрет вебхуків задано: вебхуки перевіряються.
telephony-webhooks_unset = Секрет вебхуків не задано.
telephony-urls = Адреси вебхуків, які треба вставити в особистому кабінеті АТС
telephony-no_urls = Адрес вебхуків немає.
telephony-secret_hint = Замініть {"{"}secret{"}"} на секрет вебхуків із конфігурації сервера Callcard (тут він ніколи не показується).
# The label of the one webhook URL that takes every event.
telephony-all_events = усі події
telephony-copy = Копіювати
telephony-copied = Скопійовано
telephony-copy_manually = Виділено: натисніть Ctrl+C
telephony-check = Перевірити ключі
telephony-checking = Перевірка…
telephony-keys_work = Ключі працюють.
telephony-balance = Баланс: { $amount }.
telephony-no_balance = АТС не повідомляє баланс.
telephony-users = { $count ->
    [one] { $count } користувач.
    [few] { $count } користувачі.
    [many] { $count } користувачів.
   *[other] { $count } користувача.
}
telephony-keys = Ключі
telephony-key-api_key = Ключ API
telephony-key-api_secret = Секрет API
telephony-key-api_url = Адреса API
telephony-key-api_token = Токен API
telephony-key-crm_token = Токен CRM
telephony-key-login = Логін
telephony-key-password = Пароль
telephony-key-access_token = Токен доступу
telephony-key-virtual_phone_number = Віртуальний номер телефону
telephony-key-webhook_secret = Секрет вебхуків
telephony-key-project_id = Ідентифікатор проєкту
telephony-key-auth_key = Ключ авторизації
telephony-key_source-store = введено тут
telephony-key_source-config = з файлу конфігурації
telephony-key_source-unset = не задано
telephony-key_source-unknown = { "" }
telephony-key_replace = •••••• введіть, щоб замінити
telephony-key_clear = Очистити
telephony-key_cleared = буде очищено під час збереження: знову діятиме значення з файлу конфігурації, якщо воно є
telephony-keys_save = Зберегти ключі
telephony-keys_nothing = Нічого зберігати: введіть нове значення або очистьте введене тут.
telephony-keys_saved = Збережено. Перевірте ключі, щоб переконатися, що вони працюють.
telephony-tally = Останній вебхук: { $when }; отримано: { $count }, з проблемами: { $flagged }
telephony-tally_no_time = Отримано: { $count }, з проблемами: { $flagged }
telephony-tally_none = Вебхуків ще не отримано
telephony-see_flagged = Переглянути проблемні

## Команда.

team-title = Команда
team-show_revoked = Показати співробітників із відкликаними токенами ({ $count })
team-col-name = Ім’я
team-col-role = Роль
team-col-actions = { "" }
team-you = (ви)
team-added = додано { $when }
team-revoked_at = відкликано { $when }
team-none = Співробітників ще немає. Додайте першого нижче.
team-pbx_none = — немає —
team-pbx_missing = { $id } (немає в АТС)
team-pbx_placeholder = ідентифікатор користувача
team-users_failed = Не вдалося отримати список користувачів { $provider }: { $error }
team-revoke = Відкликати
team-revoke_confirm = Відкликати токен користувача { $name }? Сеанс цього користувача буде одразу завершено, а ввійти з цим токеном більше не вдасться.
team-revoke_confirm_self = Відкликати власний токен? Ви одразу вийдете з цієї консолі.
team-revoke_yes = Відкликати
team-revoke_no = Скасувати
team-demote_self = Змінити власну роль? Ви більше не зможете користуватися цією консоллю.
team-saved = Збережено
team-may_blacklist = може додавати номери до чорного списку
team-may_blacklist_hint = Показує кнопку «До чорного списку» на картках і в списку дзвінків цього менеджера в застосунку
team-may_blacklist_always = Керівники й адміністратори завжди мають кнопку «До чорного списку»
team-add-title = Додати співробітника
team-add-name = Ім’я
team-add-role = Роль
team-add-pbx = Користувач { $provider } (необов’язково)
team-add-submit = Додати співробітника
team-add-pending = Додавання…
team-add-empty_name = Введіть ім’я співробітника.
team-token-title = Користувача { $name } додано. Токен:
team-token-warning = Скопіюйте токен зараз і передайте користувачу { $name }: більше він не показуватиметься. Токен потрібно вставити в застосунок Callcard.
team-token-copy = Копіювати
team-token-done = Готово, токен скопійовано

## Контакти.

contacts-title = Контакти
contacts-search = Пошук контактів
contacts-search_placeholder = Пошук за номером, ім’ям або компанією
contacts-searching = Пошук…
contacts-none = Контактів ще немає. Додайте контакт нижче або імпортуйте файл.
contacts-none_match = Немає контактів за запитом «{ $q }».
contacts-first = Показано перші { $limit }: уточніть запит, щоб звузити пошук.
contacts-col-phone = Номер
contacts-col-name = Ім’я
contacts-col-company = Компанія
contacts-col-responsible = Відповідальний
contacts-col-blacklisted = Чорний список
contacts-col-actions = { "" }
contacts-nobody = Не призначено
contacts-edit = Змінити
contacts-journal = Дзвінки
journal-title = Дзвінки: { $who }
journal-loading = Завантаження дзвінків…
journal-none = З цим номером ще не було дзвінків.
journal-incoming = вхідний
journal-outgoing = вихідний
journal-missed = пропущений
journal-answered = прийнятий
journal-ended = завершений
journal-in_progress = триває
journal-col-when = Коли
journal-col-direction = Напрямок
journal-col-agent = Менеджер
journal-col-state = { "" }
journal-col-duration = Розмова
journal-col-outcome = Результат і примітка
journal-col-recording = Запис
contacts-blacklist_label = Додати { $phone } до чорного списку
contacts-blacklisted_now = Додано до чорного списку
contacts-unblacklisted_now = Вилучено з чорного списку
contacts-form-add = Додати або змінити контакт
contacts-form-change = Зміна контакту { $phone }
contacts-form-phone = Номер
contacts-form-name = Ім’я
contacts-form-company = Компанія (необов’язково)
contacts-form-responsible = Відповідальний менеджер
contacts-form-blacklisted = У чорному списку: дзвінки з цього номера відхиляються (якщо ввімкнено перемикач чорного списку)
contacts-form-hint = Якщо зберегти номер, який уже є в контактах, цей контакт буде змінено.
contacts-form-save = Зберегти контакт
contacts-form-clear = Новий контакт
contacts-form-saving = Збереження…
contacts-form-saved = Збережено: { $name } ({ $phone }).
contacts-import-title = Імпорт файлу CSV
contacts-import-hint = Перший рядок містить назви стовпців: phone і name, а за потреби також company, responsible (логін, внутрішній номер або ім’я менеджера) і blacklist (yes або no). Файл імпортується повністю або не імпортується зовсім: якщо хоч один рядок потребує виправлення, нічого не буде збережено.
contacts-import-file = Файл
contacts-import-submit = Імпортувати
contacts-import-no_file = Спершу виберіть файл.
contacts-import-pending = Імпорт файлу { $file }…
contacts-import-done = Додано: { $created }, оновлено: { $updated }.
contacts-import-refused = { $count ->
    [one] Нічого не імпортовано: { $count } рядок потребує виправлення.
    [few] Нічого не імпортовано: { $count } рядки потребують виправлення.
    [many] Нічого не імпортовано: { $count } рядків потребують виправлення.
   *[other] Нічого не імпортовано: { $count } рядка потребують виправлення.
}
contacts-import-row = Рядок { $line } ({ $phone }): { $problem }
contacts-import-row_no_phone = Рядок { $line }: { $problem }

## Лінії.

lines-title = Лінії
lines-intro = Наші номери та їхні назви: лінія, яку показує картка, і джерело у звітах. Назва, задана тут, має пріоритет над назвою з файлу конфігурації.
lines-none = Жодна лінія ще не має назви.
lines-col-did = Номер
lines-col-label = Назва
lines-col-source = Звідки
lines-col-actions = { "" }
lines-label_of = Назва для { $did }
lines-source-store = задано тут
lines-source-config = з файлу конфігурації
lines-source-unknown = { "" }
lines-save = Зберегти
lines-saved = Збережено
lines-remove = Видалити назву
lines-removing = Видалення…
lines-removed = Видалено: знову діє назва з файлу конфігурації
lines-remove_hint = Якщо видалити назву, задану тут, для цього номера знову діятиме назва з файлу конфігурації (якщо вона там є).
lines-add-title = Додати лінію
lines-add-did = Номер
lines-add-label = Назва
lines-add-submit = Додати лінію

## Результати дзвінків.

outcomes-title = Результати дзвінків
outcomes-intro = Кнопки, які картка пропонує після завершення дзвінка, у цьому порядку. Архівований результат більше не пропонується, але дзвінки, позначені ним, його зберігають.
outcomes-none = Результатів ще немає. Додайте перший нижче.
outcomes-col-order = Порядок
outcomes-col-code = Код
outcomes-col-label = Назва
outcomes-col-colour = Колір
outcomes-col-converts = Лід стає клієнтом
outcomes-converts_hint = Якщо позначити цей результат, лід із цього дзвінка стає клієнтом
outcomes-converts_yes = так
outcomes-col-actions = { "" }
outcomes-up = Перемістити вгору
outcomes-down = Перемістити вниз
outcomes-moved = Переміщено
outcomes-label_of = Назва для { $code }
outcomes-colour_of = Колір для { $code }
outcomes-save = Зберегти
outcomes-saved = Збережено
outcomes-retire = Архівувати
outcomes-retired = в архіві
outcomes-retired_now = Архівовано: картки більше не пропонують цей результат
outcomes-offer_again = Повернути
outcomes-offered_again = Знову пропонується
outcomes-added = Додано
outcomes-add-title = Додати результат
outcomes-add-code = Код
outcomes-add-label = Назва
outcomes-add-colour = Колір
outcomes-add-hint = Код використовують звіти та API: латинські літери, цифри, _ і -. Змінити його згодом не можна, а назву й колір — можна.
outcomes-add-submit = Додати результат

## Звіти.

reports-title = Звіти
reports-intro = Дзвінки за період: підсумки, діаграми з числами, дзвінки кожного менеджера, а також усі дзвінки у файлі CSV.
reports-from = З
reports-to = По
reports-show = Показати
reports-this_month = Цей місяць
reports-last_month = Минулий місяць
reports-no_calls = З { $from } по { $to } дзвінків не було.
reports-timezone = Дні рахуються в часовому поясі сервера Callcard: { $timezone }.
reports-total-calls = Дзвінки
reports-total-answered = Прийняті
reports-total-missed = Пропущені
reports-total-talk = Час розмов (год:хв)
reports-total-new_leads = Нові ліди
reports-talk_exact = { $secs ->
    [one] { $secs } секунда
    [few] { $secs } секунди
    [many] { $secs } секунд
   *[other] { $secs } секунди
}
reports-csv = Завантажити дзвінки (CSV)
reports-csv_semicolon = CSV із крапкою з комою
reports-csv_hint = Використовуйте файл із крапкою з комою, якщо ваша електронна таблиця показує кожен рядок в одному стовпці (українські, російські, французькі чи португальські регіональні налаштування).
reports-chart-days = Дзвінки за днями
reports-chart-lines = Дзвінки за лініями
reports-chart-outcomes = Позначені результати
reports-chart-leads = Нові ліди за джерелами
reports-series-answered = Прийняті
reports-series-missed = Пропущені
reports-series-other = Вихідні та інші
reports-no_line = Без лінії
reports-no_outcomes = Для цих дзвінків результатів не позначено.
reports-no_leads = За цей період нових лідів немає.
reports-agents = Менеджери
reports-no_agents = Жоден менеджер не брав участі в цих дзвінках.
reports-col-day = День
reports-col-line = Лінія
reports-col-source = Джерело
reports-col-outcome = Результат
reports-col-agent = Менеджер
reports-col-calls = Дзвінки
reports-col-incoming = Вхідні
reports-col-answered = Прийняті
reports-col-missed = Пропущені
reports-col-leads = Нові ліди
reports-col-talk = Час розмов
reports-col-wait = Середнє очікування (с)
reports-col-with_outcome = З результатом

## Перемикачі.

switches-title = Перемикачі
switch-auto_create_contacts = Створювати контакт для кожного нового номера
switch-route_to_responsible = Спрямовувати дзвінки відомих клієнтів до відповідального менеджера
switch-caller_name_on_phone = Показувати ім’я абонента на IP-телефоні
switch-missed_call_reminders = Створювати нагадування про пропущені дзвінки
switch-blacklist = Відхиляти дзвінки з номерів у чорному списку
switch-recordings_of_others = Менеджери можуть слухати записи дзвінків інших менеджерів
setting-default_responsible = Хто отримує нагадування про абонентів без відповідального менеджера
setting-nobody = Ніхто (такі нагадування бачать керівники)
setting-not_active = { $value } (неактивний менеджер)
setting-saving = Збереження…
source-store = задано тут
source-config = з файлу конфігурації
source-default = типове значення
source-unknown = { "" }

## Вебхуки з проблемами.

flagged-title = Вебхуки з проблемами
flagged-intro = Перевірені вебхуки, частину яких сервер Callcard не зміг прочитати (останні { $limit }). Їх збережено й оброблено, наскільки це було можливо.
flagged-none = Вебхуків із проблемами немає.
flagged-col-time = Отримано
flagged-col-provider = Провайдер
flagged-col-event = Подія
flagged-col-problems = Проблеми
flagged-col-fields = Поля
flagged-show_fields = Показати поля

## Помилки за кодом (див. errors.ts).

error-not_admin = Для цього потрібен токен адміністратора.
error-unknown_setting = На сервері Callcard немає параметра { $name }.
error-bad_setting = Не збережено: { $detail }
error-no_such_agent = Такого співробітника вже немає, або його токен відкликано.
error-unknown_provider = Серверу Callcard невідомий провайдер { $provider }.
error-pbx_user_taken = Користувач { $user_id } у { $provider } уже закріплений за іншим співробітником: { $agent }.
error-bad_role = Серверу Callcard невідома роль { $role }.
error-pbx_user_taken_twice = Користувача { $user_id } у { $provider } вказано двічі.
error-agent_number = співробітник №{ $id }
error-field_required = Заповніть поле «{ $field }».
error-field_required-contact-name = Введіть ім’я контакту.
error-field_required-line-label = Введіть назву лінії.
error-field_required-outcome-code = Введіть код.
error-field_required-outcome-label = Введіть назву кнопки.
error-field_required-report-from = Виберіть перший день.
error-field_required-report-to = Виберіть останній день.
error-field_required-name = Введіть ім’я співробітника.
error-field_required-pbx_users = Менеджерові потрібен користувач хоча б в одній АТС (для керівників і адміністраторів це не обов’язково).
error-field_required-user_id = У менеджера має залишитися користувач хоча б в одній АТС: спершу вкажіть іншого.
error-field_required-pbx_user = Не вказано ідентифікатор користувача в { $provider }.
error-field_too_long = Поле «{ $field }» задовге (не більше { $max } символів).
error-bad_field = Поле «{ $field }» заповнено неправильно: { $detail }
error-bad_field-colour = Колір має бути у форматі #2e7d32.
error-bad_field-code = Код може містити лише латинські літери, цифри, _ і - ({ $detail }).
error-bad_field-codes = Тим часом список результатів змінився: перезавантажте сторінку й перемістіть результат ще раз.
error-bad_field-blacklist = Стовпець blacklist приймає лише значення yes або no.
error-bad_field-phone = Цей номер трапляється у файлі двічі ({ $detail }).
error-bad_field-header = Перший рядок має містити назви стовпців, щонайменше phone і name.
error-bad_field-rows = У файлі забагато рядків ({ $detail }).
error-bad_field-keys = Ключі не підходять: { $detail }
error-bad_field-from = Перший день має бути датою.
error-bad_field-to = Останній день має бути датою, не ранішою за перший і не пізнішою за 400 днів після нього ({ $detail }).
error-bad_phone = Цей номер не можна використати: { $detail }
error-no_such_agent_named = Немає активного менеджера { $agent }, якого можна призначити відповідальним.
error-no_such_contact = Немає контакту з номером { $phone }.
error-no_such_line = Для номера { $did } тут не задано назви.
error-no_such_outcome = Немає доступного результату { $code }.
error-body_too_large = Запит завеликий для сервера Callcard.
error-bad_body = Сервер Callcard не зміг прочитати запит: { $detail }
error-not_configured = Ключі API не задано.
error-pbx_refused = АТС відхилила ключі: { $detail }
error-pbx_unreachable = Не вдалося з’єднатися з АТС.
error-pbx_unreachable_detail = Не вдалося з’єднатися з АТС: { $detail }
error-pbx_bad_answer = АТС надіслала непридатну відповідь: { $detail }
error-pbx_rate_limited = АТС обмежує кількість запитів; спробуйте ще раз через { $retry_after_secs } с.
error-pbx_rate_limited_soon = АТС обмежує кількість запитів; спробуйте трохи згодом.
error-pbx_no_money = На рахунку АТС закінчилися кошти.
error-storage_unavailable = Сховище даних сервера Callcard недоступне; спробуйте пізніше.
error-status = Сервер Callcard відповів: { $status }.

## Назви полів у реченнях (напр., «Заповніть поле „{field}“.»), за назвою поля на сервері Callcard.

field-phone = номер
field-did = номер
field-name = ім’я
field-company = компанія
field-label = назва
field-colour = колір
field-code = код
field-from = перший день
field-to = останній день

## Меню вибору мови в заголовку.

app-language = Мова
app-language-browser = як у браузері

## Список результатів, з яким починає нова база даних, мовою з розділу [ui] сервера Callcard.

default-outcome-interested = Зацікавлений
default-outcome-call-back = Передзвонити пізніше
default-outcome-not-interested = Не зацікавлений
default-outcome-wrong-number = Помилковий номер
default-outcome-visit-booked = Призначено візит
