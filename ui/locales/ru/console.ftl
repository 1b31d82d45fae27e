# Тексты консоли администратора на русском.
#
# Переменные ($name, $count, …) — данные. $count и т. п. — числа: по ним выбираются формы множественного числа.

## Страница и её шапка.

app-title = Callcard: администрирование
app-signed_in_as = Вы вошли как { $name }
app-sign_out = Выйти
app-loading = Загрузка…
app-reload = Перезагрузить
app-refresh = Обновить
app-csrf_refused = Сервер Callcard отклонил изменение с этой страницы (не пройдена проверка сеанса). Перезагрузите страницу.
app-page_failed = Не удалось загрузить страницу. Перезагрузите её.
app-unreachable = Нет связи с сервером Callcard. Убедитесь, что он запущен, и повторите попытку.
nav-telephony = Телефония
nav-team = Команда
nav-contacts = Контакты
nav-lines = Линии
nav-outcomes = Результаты звонков
nav-reports = Отчёты
nav-board = Мониторинг
nav-switches = Функции
nav-flagged = Проблемные вебхуки

## Мониторинг в реальном времени.

board-title = Мониторинг
board-intro = Чем сейчас занят каждый сотрудник, какие звонки ждут ответа и что пропущено за сегодня. Данные обновляются в реальном времени.
board-agents = Сотрудники
board-waiting = Звонки в очереди
board-missed_today = Пропущенные сегодня
board-activity-free = Свободен
board-activity-ringing = Вызов
board-activity-talking = Разговор
board-activity-wrap_up = Постобработка
board-activity-do_not_disturb = Не беспокоить
board-hidden_number = Скрытый номер
board-waiting_longest = { $count ->
    [one] { $count } звонок в очереди; дольше всех ждёт { $wait }
    [few] { $count } звонка в очереди; дольше всех ждёт { $wait }
    [many] { $count } звонков в очереди; дольше всех ждёт { $wait }
   *[other] { $count } звонка в очереди; дольше всех ждёт { $wait }
}
board-nobody_waiting = Очередь пуста.
board-no_agents = Сотрудников пока нет.
board-no_missed = Сегодня пропущенных звонков нет.
board-called_back = Перезвонили
board-not_called_back = Ещё нет
board-col-agent = Сотрудник
board-col-role = Роль
board-col-activity = Сейчас
board-col-client = Клиент
board-col-since = Длится
board-col-line = Линия
board-col-waiting = Ожидание
board-col-missed = Пропущенные звонки
board-col-last = Последний
board-col-called_back = Перезвонили

## Вход.

signin-title = Вход в консоль администратора Callcard
signin-token = Токен администратора
signin-token_placeholder = cc_…
signin-hint = Используйте токен администратора (создаётся командой callcard-relay agent add … --admin).
signin-submit = Войти
signin-pending = Вход…
signin-empty = Вставьте токен администратора.
signin-invalid_token = Токен недействителен или отозван.
signin-missing_token = Вставьте токен администратора.
signin-session_ended = Сеанс завершён; войдите снова.
signin-signed_out = Вы вышли из системы.
signin-lost_admin = У этого токена больше нет прав администратора; войдите с токеном администратора.
not_admin-title = Нет прав администратора
not_admin-named = Владелец токена — { $name }, { $role }, а не администратор.
not_admin-unnamed = Владелец токена — { $role }, а не администратор.
not_admin-ask = Попросите администратора выдать вам токен администратора или назначить вас администратором на странице «Команда» в консоли.
not_admin-role-agent = менеджер
not_admin-role-supervisor = руководитель
not_admin-role-other = пользователь с другой ролью

## Роли.

role-agent = Менеджер
role-supervisor = Руководитель
role-admin = Администратор
role-unknown = Неизвестная роль

## Провайдеры.

provider-zadarma = Zadarma
provider-itoolabs = ITooLabs / MegaFon
provider-uis = UIS / CoMagic
provider-ringostat = Ringostat

## Телефония.

telephony-title = Телефония
telephony-none = Сервер Callcard не вернул ни одного провайдера.
telephony-api_set = API-ключи заданы.
telephony-api_unset = API-ключи не заданы: звонки по клику, баланс и списки пользователей не работают.
telephony-webhooks_set = Секрет вебхуков задан: вебхуки проверяются.
telephony-webhooks_unset = Секрет вебхуков не задан.
telephony-urls = Адреса (URL) вебхуков для личного кабинета АТС
telephony-no_urls = Адресов вебхуков нет.
telephony-secret_hint = Замените {"{"}secret{"}"} секретом вебхуков из конфигурации сервера Callcard (здесь он не показывается).
# The label of the one webhook URL that takes every event.
telephony-all_events = все события
telephony-copy = Копировать
telephony-copied = Скопировано
telephony-copy_manually = Текст выделен: нажмите Ctrl+C
telephony-check = Проверить ключи
telephony-checking = Проверка…
telephony-keys_work = Ключи работают.
telephony-balance = Баланс: { $amount }.
telephony-no_balance = АТС не сообщает баланс.
telephony-users = { $count ->
    [one] { $count } пользователь.
    [few] { $count } пользователя.
    [many] { $count } пользователей.
   *[other] { $count } пользователя.
}
telephony-keys = Ключи
telephony-key-api_key = API-ключ
telephony-key-api_secret = Секрет API
telephony-key-api_url = Адрес API
telephony-key-api_token = Токен API
telephony-key-crm_token = Токен CRM
telephony-key-login = Логин
telephony-key-password = Пароль
telephony-key-access_token = Токен доступа
telephony-key-virtual_phone_number = Виртуальный номер
telephony-key-webhook_secret = Секрет вебхуков
telephony-key-project_id = Идентификатор проекта
telephony-key-auth_key = Ключ авторизации
telephony-key_source-store = задан здесь
telephony-key_source-config = из файла конфигурации
telephony-key_source-unset = не задан
telephony-key_source-unknown = { "" }
telephony-key_replace = •••••• введите новое значение для замены
telephony-key_clear = Очистить
telephony-key_cleared = будет удалён при сохранении: снова действует значение из файла конфигурации, если оно там есть
telephony-keys_save = Сохранить ключи
telephony-keys_nothing = Нечего сохранять: введите новое значение или очистите значение, заданное здесь.
telephony-keys_saved = Сохранено. Проверьте ключи, чтобы убедиться, что они работают.
telephony-tally = Последний вебхук: { $when }; получено: { $count }, с проблемами: { $flagged }
telephony-tally_no_time = Получено: { $count }, с проблемами: { $flagged }
telephony-tally_none = Вебхуков пока не было
telephony-see_flagged = Показать проблемные

## Команда.

team-title = Команда
team-show_revoked = Показать сотрудников с отозванными токенами ({ $count })
team-col-name = Имя
team-col-role = Роль
team-col-actions = { "" }
team-you = (вы)
team-added = дата добавления: { $when }
team-revoked_at = токен отозван { $when }
team-none = Сотрудников пока нет. Добавьте первого ниже.
team-pbx_none = — нет —
team-pbx_missing = { $id } (нет в АТС)
team-pbx_placeholder = идентификатор пользователя
team-users_failed = Не удалось получить список пользователей { $provider }: { $error }
team-revoke = Отозвать
team-revoke_confirm = Отозвать токен сотрудника { $name }? Сотрудник сразу выйдет из системы и больше не сможет войти с этим токеном.
team-revoke_confirm_self = Отозвать собственный токен? Вы сразу выйдете из этой консоли.
team-revoke_yes = Отозвать
team-revoke_no = Отмена
team-demote_self = Изменить собственную роль? Вы больше не сможете пользоваться этой консолью.
team-saved = Сохранено
team-may_blacklist = может добавлять номера в чёрный список
team-may_blacklist_hint = Показывать кнопку «В чёрный список» в карточках и списке звонков этого сотрудника в приложении
team-may_blacklist_always = У руководителей и администраторов кнопка «В чёрный список» есть всегда
team-add-title = Добавить сотрудника
team-add-name = Имя
team-add-role = Роль
team-add-pbx = Пользователь в { $provider } (необязательно)
team-add-submit = Добавить сотрудника
team-add-pending = Добавление…
team-add-empty_name = Введите имя сотрудника.
team-token-title = Сотрудник { $name } добавлен. Его токен:
team-token-warning = Скопируйте токен сейчас и передайте его сотруднику { $name }: больше он показан не будет. Токен нужно вставить в приложение Callcard.
team-token-copy = Копировать
team-token-done = Готово, токен скопирован

## Контакты.

contacts-title = Контакты
contacts-search = Поиск контактов
contacts-search_placeholder = Поиск по номеру, имени или компании
contacts-searching = Поиск…
contacts-none = Контактов пока нет. Добавьте контакт ниже или импортируйте файл.
contacts-none_match = Нет контактов по запросу «{ $q }».
contacts-first = Показаны первые { $limit }: уточните запрос, чтобы сузить поиск.
contacts-col-phone = Номер
contacts-col-name = Имя
contacts-col-company = Компания
contacts-col-responsible = Ответственный
contacts-col-blacklisted = Чёрный список
contacts-col-actions = { "" }
contacts-nobody = Не назначен
contacts-edit = Изменить
contacts-journal = Звонки
journal-title = Звонки: { $who }
journal-loading = Загрузка звонков…
journal-none = С этим номером ещё не было звонков.
journal-incoming = входящий
journal-outgoing = исходящий
journal-missed = пропущен
journal-answered = отвечен
journal-ended = завершён
journal-in_progress = идёт
journal-col-when = Когда
journal-col-direction = Направление
journal-col-agent = Менеджер
journal-col-state = { "" }
journal-col-duration = Разговор
journal-col-outcome = Результат и комментарий
journal-col-recording = Запись
contacts-blacklist_label = Номер { $phone } в чёрном списке
contacts-blacklisted_now = Добавлен в чёрный список
contacts-unblacklisted_now = Удалён из чёрного списка
contacts-form-add = Добавить или изменить контакт
contacts-form-change = Изменение контакта { $phone }
contacts-form-phone = Номер
contacts-form-name = Имя
contacts-form-company = Компания (необязательно)
contacts-form-responsible = Ответственный менеджер
contacts-form-blacklisted = В чёрном списке: звонки с этого номера отклоняются (если включена функция чёрного списка)
contacts-form-hint = Если номер уже есть в контактах, при сохранении этот контакт будет изменён.
contacts-form-save = Сохранить контакт
contacts-form-clear = Новый контакт
contacts-form-saving = Сохранение…
contacts-form-saved = Сохранено: { $name } ({ $phone }).
contacts-import-title = Импорт из CSV-файла
contacts-import-hint = В первой строке — названия столбцов: phone и name, а при желании также company, responsible (логин, добавочный номер или имя сотрудника) и blacklist (yes или no). Файл загружается целиком или не загружается вовсе: если хотя бы одну строку нужно исправить, ничего не сохраняется.
contacts-import-file = Файл
contacts-import-submit = Импортировать
contacts-import-no_file = Сначала выберите файл.
contacts-import-pending = Импорт файла { $file }…
contacts-import-done = Добавлено: { $created }, обновлено: { $updated }.
contacts-import-refused = { $count ->
    [one] Ничего не импортировано: нужно исправить { $count } строку.
    [few] Ничего не импортировано: нужно исправить { $count } строки.
    [many] Ничего не импортировано: нужно исправить { $count } строк.
   *[other] Ничего не импортировано: нужно исправить { $count } строки.
}
contacts-import-row = Строка { $line } ({ $phone }): { $problem }
contacts-import-row_no_phone = Строка { $line }: { $problem }

## Линии.

lines-title = Линии
lines-intro = Наши номера и их названия: так линия отображается в карточке и как источник в отчётах. Название, заданное здесь, важнее названия из файла конфигурации.
lines-none = Ни у одной линии пока нет названия.
lines-col-did = Номер
lines-col-label = Название
lines-col-source = Откуда
lines-col-actions = { "" }
lines-label_of = Название для { $did }
lines-source-store = задано здесь
lines-source-config = из файла конфигурации
lines-source-unknown = { "" }
lines-save = Сохранить
lines-saved = Сохранено
lines-remove = Удалить название
lines-removing = Удаление…
lines-removed = Удалено: снова действует название из файла конфигурации
lines-remove_hint = Если удалить название, заданное здесь, для этого номера снова будет действовать название из файла конфигурации (если оно там есть).
lines-add-title = Добавить линию
lines-add-did = Номер
lines-add-label = Название
lines-add-submit = Добавить линию

## Результаты звонков.

outcomes-title = Результаты звонков
outcomes-intro = Кнопки, которые карточка предлагает после звонка, в этом порядке. Результат из архива больше не предлагается; у звонков, где он уже отмечен, он сохраняется.
outcomes-none = Результатов пока нет. Добавьте первый ниже.
outcomes-col-order = Порядок
outcomes-col-code = Код
outcomes-col-label = Название
outcomes-col-colour = Цвет
outcomes-col-converts = Делает клиентом
outcomes-converts_hint = При этом результате лид из звонка становится клиентом
outcomes-converts_yes = да
outcomes-col-actions = { "" }
outcomes-up = Выше
outcomes-down = Ниже
outcomes-moved = Перемещено
outcomes-label_of = Название для { $code }
outcomes-colour_of = Цвет для { $code }
outcomes-save = Сохранить
outcomes-saved = Сохранено
outcomes-retire = В архив
outcomes-retired = в архиве
outcomes-retired_now = Перенесён в архив: карточки его больше не предлагают
outcomes-offer_again = Вернуть из архива
outcomes-offered_again = Возвращён из архива
outcomes-added = Добавлено
outcomes-add-title = Добавить результат
outcomes-add-code = Код
outcomes-add-label = Название
outcomes-add-colour = Цвет
outcomes-add-hint = Код используется в отчётах и API: латинские буквы, цифры, _ и -. Изменить его потом нельзя, а название и цвет — можно.
outcomes-add-submit = Добавить результат

## Отчёты.

reports-title = Отчёты
reports-intro = Звонки за период: итоги, графики с цифрами, звонки каждого сотрудника и выгрузка звонков в CSV-файл.
reports-from = С
reports-to = По
reports-show = Показать
reports-this_month = Текущий месяц
reports-last_month = Прошлый месяц
reports-no_calls = С { $from } по { $to } звонков не было.
reports-timezone = Дни считаются по часовому поясу сервера Callcard: { $timezone }.
reports-total-calls = Звонки
reports-total-answered = Отвеченные
reports-total-missed = Пропущенные
reports-total-talk = Время разговоров (ч:мм)
reports-total-new_leads = Новые лиды
reports-talk_exact = { $secs ->
    [one] { $secs } секунда
    [few] { $secs } секунды
    [many] { $secs } секунд
   *[other] { $secs } секунды
}
reports-csv = Скачать звонки (CSV)
reports-csv_semicolon = CSV с точкой с запятой
reports-csv_hint = Скачайте файл с точкой с запятой, если таблица помещает каждую строку в один столбец (так бывает при русских, украинских, французских и португальских региональных настройках).
reports-chart-days = Звонки по дням
reports-chart-lines = Звонки по линиям
reports-chart-outcomes = Отмеченные результаты
reports-chart-leads = Новые лиды по источникам
reports-series-answered = Отвеченные
reports-series-missed = Пропущенные
reports-series-other = Исходящие и другие
reports-no_line = Без линии
reports-no_outcomes = Для этих звонков результаты не отмечены.
reports-no_leads = За этот период новых лидов нет.
reports-agents = Сотрудники
reports-no_agents = Ни один сотрудник не участвовал в этих звонках.
reports-col-day = День
reports-col-line = Линия
reports-col-source = Источник
reports-col-outcome = Результат
reports-col-agent = Сотрудник
reports-col-calls = Звонки
reports-col-incoming = Входящие
reports-col-answered = Отвеченные
reports-col-missed = Пропущенные
reports-col-leads = Новые лиды
reports-col-talk = Время разговоров
reports-col-wait = Среднее ожидание, с
reports-col-with_outcome = С результатом

## Функции.

switches-title = Функции
switch-auto_create_contacts = Создавать контакт для каждого нового номера
switch-route_to_responsible = Направлять звонки известных клиентов их ответственному менеджеру
switch-caller_name_on_phone = Показывать имя звонящего на IP-телефоне
switch-missed_call_reminders = Создавать напоминания о пропущенных звонках
switch-blacklist = Отклонять звонки с номеров из чёрного списка
switch-recordings_of_others = Менеджеры могут слушать записи звонков других менеджеров
setting-default_responsible = Кто получает напоминания о звонках клиентов без ответственного менеджера
setting-nobody = Никто (такие напоминания видят руководители)
setting-not_active = { $value } (неактивный сотрудник)
setting-saving = Сохранение…
source-store = задано здесь
source-config = из файла конфигурации
source-default = по умолчанию
source-unknown = { "" }

## Проблемные вебхуки.

flagged-title = Проблемные вебхуки
flagged-intro = Проверенные вебхуки, часть данных которых сервер Callcard не смог разобрать (последние { $limit }). Они сохранены и применены, насколько это было возможно.
flagged-none = Проблемных вебхуков нет.
flagged-col-time = Получен
flagged-col-provider = Провайдер
flagged-col-event = Событие
flagged-col-problems = Проблемы
flagged-col-fields = Поля
flagged-show_fields = Показать поля

## Ошибки по кодам (см. errors.ts).

error-not_admin = Для этого нужен токен администратора.
error-unknown_setting = На сервере Callcard нет настройки { $name }.
error-bad_setting = Не сохранено: { $detail }
error-no_such_agent = Этого сотрудника больше нет, или его токен отозван.
error-unknown_provider = Серверу Callcard неизвестен провайдер { $provider }.
error-pbx_user_taken = Пользователь { $user_id } в { $provider } уже закреплён за другим сотрудником ({ $agent }).
error-bad_role = Серверу Callcard неизвестна роль { $role }.
error-pbx_user_taken_twice = Пользователь { $user_id } в { $provider } указан дважды.
error-agent_number = сотрудник №{ $id }
error-field_required = Заполните поле «{ $field }».
error-field_required-contact-name = Введите имя контакта.
error-field_required-line-label = Введите название линии.
error-field_required-outcome-code = Введите код.
error-field_required-outcome-label = Введите текст кнопки.
error-field_required-report-from = Выберите первый день.
error-field_required-report-to = Выберите последний день.
error-field_required-name = Введите имя сотрудника.
error-field_required-pbx_users = Менеджеру нужен пользователь хотя бы в одной АТС (у руководителей и администраторов его может не быть).
error-field_required-user_id = У менеджера должен остаться пользователь хотя бы в одной АТС: сначала укажите другого.
error-field_required-pbx_user = Не указан идентификатор пользователя в { $provider }.
error-field_too_long = Поле «{ $field }» слишком длинное (не более { $max } симв.).
error-bad_field = Поле «{ $field }» заполнено неверно: { $detail }
error-bad_field-colour = Цвет нужно указать в формате #2e7d32.
error-bad_field-code = Код может содержать только латинские буквы, цифры, _ и - ({ $detail }).
error-bad_field-codes = Список результатов успел измениться: перезагрузите страницу и переместите результат ещё раз.
error-bad_field-blacklist = В столбце blacklist допускаются только значения yes и no.
error-bad_field-phone = Этот номер встречается в файле дважды ({ $detail }).
error-bad_field-header = В первой строке должны быть названия столбцов, как минимум phone и name.
error-bad_field-rows = В файле слишком много строк ({ $detail }).
error-bad_field-keys = Ключи не подходят: { $detail }
error-bad_field-from = Первый день должен быть датой.
error-bad_field-to = Последний день должен быть датой не раньше первого и не позже чем через 400 дней после него ({ $detail }).
error-bad_phone = Этот номер нельзя использовать: { $detail }
error-no_such_agent_named = Нет активного сотрудника «{ $agent }», которого можно назначить ответственным.
error-no_such_contact = Нет контакта с номером { $phone }.
error-no_such_line = Для номера { $did } здесь не задано название.
error-no_such_outcome = Нет доступного результата { $code }.
error-body_too_large = Слишком большой объём данных для сервера Callcard.
error-bad_body = Сервер Callcard не смог прочитать запрос: { $detail }
error-not_configured = API-ключи не заданы.
error-pbx_refused = АТС отклонила ключи: { $detail }
error-pbx_unreachable = Нет связи с АТС.
error-pbx_unreachable_detail = Нет связи с АТС: { $detail }
error-pbx_bad_answer = АТС вернула непригодный ответ: { $detail }
error-pbx_rate_limited = АТС ограничивает число запросов; повторите попытку через { $retry_after_secs } с.
error-pbx_rate_limited_soon = АТС ограничивает число запросов; повторите попытку чуть позже.
error-pbx_no_money = На счёте АТС закончились средства.
error-storage_unavailable = Хранилище сервера Callcard недоступно; повторите попытку позже.
error-status = Сервер Callcard ответил: { $status }.

## Названия полей внутри фраз («Заполните поле «{field}».»), по имени поля на сервере Callcard.

field-phone = номер
field-did = номер
field-name = имя
field-company = компания
field-label = название
field-colour = цвет
field-code = код
field-from = первый день
field-to = последний день

## Меню языка в шапке.

app-language = Язык
app-language-browser = как в браузере

## Список результатов, с которого начинается новая база данных, на языке из раздела [ui] сервера Callcard.

default-outcome-interested = Заинтересован
default-outcome-call-back = Перезвонить позже
default-outcome-not-interested = Не заинтересован
default-outcome-wrong-number = Ошиблись номером
default-outcome-visit-booked = Назначена встреча
