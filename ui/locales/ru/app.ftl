# Тексты настольного приложения на русском: трей, уведомления и ошибки (их выводит сторона Rust,
# сообщения word-…), а также окна (главное окно, карточки, набор номера).
#
# Переменные: $name, $number, … — данные (имена, номера, подробности от сервера Callcard или ОС).
# $has_… — "yes" или "no": передана ли переменная, имя которой идёт после has_.
# $cause — другое сообщение этого каталога, уже сформулированное, со строчной буквы.
# $count, $secs и т. п. — числа: по ним выбираются формы множественного числа.

## Заголовки карточек.

word-card-ringing = { $has_number ->
    [yes] Входящий звонок с номера { $number }
   *[no] Входящий звонок со скрытого номера
}
word-card-calling = { $has_who ->
    [yes] Исходящий звонок: { $who }
   *[no] Исходящий звонок на скрытый номер
}
word-card-talking = { $has_who ->
    [yes] Разговор: { $who }
   *[no] Разговор со скрытым номером
}
word-card-ended = { $has_who ->
    [yes] Звонок завершён: { $who }
   *[no] Звонок со скрытым номером завершён
}

## Уведомление о пропущенном звонке.

word-missed-call-title = Пропущенный звонок
word-missed-call-body = { $has_name ->
    [yes] { $has_number ->
        [yes] Пропущенный звонок: { $name }, { $number }
       *[no] Пропущенный звонок: { $name }
    }
   *[no] { $has_number ->
        [yes] Пропущенный звонок с номера { $number }
       *[no] Пропущенный звонок со скрытого номера
    }
}
word-call-back = Перезвонить

## Трей: подсказка и меню, а также заголовок окна набора номера.

word-tray-starting = Callcard: запуск
word-tray-connected = Callcard: подключено
word-tray-connected-do-not-disturb = Callcard: подключено, не беспокоить
word-tray-connecting = Callcard: подключение…
word-tray-reconnecting = Callcard: переподключение: { $cause }
word-tray-token-refused = Callcard: токен отклонён: { $cause }
word-tray-incompatible-relay = Callcard: несовместимый сервер: { $cause }
word-tray-not-set-up = Callcard: не настроено
word-menu-open = Открыть Callcard
word-menu-dial = Набрать номер…
word-menu-do-not-disturb = Не беспокоить
word-menu-quit = Выйти
word-dialer-window-title = Callcard: набор номера

## Связь с сервером Callcard.

word-relay-address-invalid = { $has_detail ->
    [yes] Неверный адрес сервера Callcard «{ $address }»: { $detail }.
   *[no] Неверный адрес сервера Callcard «{ $address }».
}
word-relay-address-not-http = Неверный адрес сервера Callcard «{ $address }»: ожидается http://host:port или https://host.
word-relay-unreachable = { $has_detail ->
    [yes] Нет связи с сервером Callcard: { $detail }.
   *[no] Нет связи с сервером Callcard.
}
word-relay-timed-out = Нет связи с сервером Callcard: нет ответа в течение { $secs } с.
word-token-refused = Сервер Callcard отклонил токен (он неверен или отозван администратором).
word-protocol-mismatch = Приложение использует протокол { $client }, а сервер Callcard — { $relay }: обновите приложение или сервер.
word-not-a-relay-status = Адрес отвечает, но это не сервер Callcard (HTTP { $status }).
word-not-a-relay-answer = { $has_detail ->
    [yes] Адрес отвечает, но это не сервер Callcard: неожиданный ответ: { $detail }.
   *[no] Адрес отвечает, но это не сервер Callcard: неожиданный ответ.
}
word-not-a-relay-no-hello = Адрес отвечает, но это не сервер Callcard: нет приветствия по WebSocket.
word-relay-silent = Сервер Callcard не отвечал { $secs } с.
word-relay-closed = Сервер Callcard закрыл соединение.
word-connection-lost = { $has_detail ->
    [yes] Соединение потеряно: { $detail }.
   *[no] Соединение потеряно.
}
word-relay-reported = { $has_detail ->
    [yes] Сервер Callcard сообщил об ошибке: { $detail }.
   *[no] Сервер Callcard сообщил об ошибке.
}
word-relay-refused = { $has_detail ->
    [yes] Сервер Callcard отклонил запрос: { $detail }.
   *[no] Сервер Callcard отклонил запрос.
}
word-relay-unavailable = { $has_detail ->
    [yes] Сервер Callcard сейчас не может это выполнить: { $detail }.
   *[no] Сервер Callcard сейчас не может это выполнить.
}

## Ошибки, которые сервер Callcard сообщает кодом.

word-storage-unavailable = Хранилище сервера Callcard недоступно: повторите попытку чуть позже.
word-request-refused = { $has_detail ->
    [yes] Сервер Callcard не принял запрос приложения (возможно, приложение нужно обновить): { $detail }.
   *[no] Сервер Callcard не принял запрос приложения (возможно, приложение нужно обновить).
}
word-bad-phone = { $has_detail ->
    [yes] Это не номер телефона: { $detail }.
   *[no] Это не номер телефона.
}
word-field-required = Заполните поле «{ $field }».
word-field-too-long = Поле «{ $field }» слишком длинное (не более { $max } симв.).
word-no-such-call = На сервере Callcard нет такого звонка, или у вас нет к нему доступа.
word-not-your-call = Отмечать результат можно только для своих звонков.
word-not-allowed-to-blacklist = Администратор не разрешил вам добавлять номера в чёрный список.
word-unknown-outcome = Этого результата больше нет в списке.
word-key-reused = Сервер Callcard уже учёл это нажатие для другого звонка: нажмите ещё раз.
word-no-recording = У этого звонка нет записи.
word-recording-not-ready = Запись ещё не готова: повторите попытку через минуту.
word-recording-gone = В АТС больше нет этой записи (срок действия ссылки истёк или файл удалён).
word-no-pbx-user = { $has_provider ->
    [yes] У вас нет пользователя в АТС ({ $provider }): попросите администратора добавить его.
   *[no] У вас нет пользователя в АТС: попросите администратора добавить его.
}
word-not-configured = { $has_what ->
    [yes] На сервере Callcard это не настроено ({ $what }): обратитесь к администратору.
   *[no] На сервере Callcard это не настроено: обратитесь к администратору.
}
word-pbx-refused = { $has_detail ->
    [yes] АТС отклонила запрос: { $detail }.
   *[no] АТС отклонила запрос.
}
word-pbx-no-money = { $has_detail ->
    [yes] На счёте АТС закончились средства: { $detail }.
   *[no] На счёте АТС закончились средства.
}
word-pbx-rate-limited = { $has_retry_after_secs ->
    [yes] АТС получает слишком много запросов: повторите попытку через { $retry_after_secs } с.
   *[no] АТС получает слишком много запросов: повторите попытку чуть позже.
}
word-pbx-unreachable = { $has_detail ->
    [yes] Сервер Callcard не может связаться с АТС: { $detail }.
   *[no] Сервер Callcard не может связаться с АТС.
}
word-pbx-bad-answer = { $has_detail ->
    [yes] АТС вернула ответ, который сервер Callcard не может обработать: { $detail }.
   *[no] АТС вернула ответ, который сервер Callcard не может обработать.
}

## Настройки и файлы на этом компьютере.

word-enter-relay-address = Введите адрес сервера Callcard.
word-enter-token = Введите токен доступа, выданный администратором.
word-wrap-up-delay-out-of-range = Время до закрытия карточки после звонка должно быть от { $min } до { $max } с.
word-settings-not-saved = { $has_detail ->
    [yes] Не удалось сохранить настройки: { $detail }.
   *[no] Не удалось сохранить настройки.
}
word-settings-unreadable = { $has_detail ->
    [yes] Не удалось прочитать { $path }: { $detail }.
   *[no] Не удалось прочитать { $path }.
}
word-settings-damaged = Файл { $path } повреждён ({ $detail }); используются настройки по умолчанию.
word-unknown-language = Приложение не поддерживает язык «{ $language }».
word-autostart-not-changed = { $has_detail ->
    [yes] Не удалось изменить автозапуск: { $detail }.
   *[no] Не удалось изменить автозапуск.
}
word-keyring-unavailable = Системное хранилище паролей недоступно: { $detail } (в Linux должна быть запущена служба Secret Service, например GNOME Keyring или KWallet).
word-keyring-locked = Системное хранилище паролей заблокировано: разблокируйте его и повторите попытку.
word-keyring-failed = { $has_detail ->
    [yes] Ошибка системного хранилища паролей: { $detail }.
   *[no] Ошибка системного хранилища паролей.
}
word-outbox-damaged = Очередь результатов звонков была повреждена ({ $detail }); она сохранена как { $path }.

## Звонки, контакты, результаты.

word-not-connected = Нет подключения к серверу Callcard: проверьте настройки.
word-no-number-to-save = У этого звонка нет номера, который можно сохранить.
word-enter-contact-name = Введите имя клиента.
word-call-not-listed = Этого звонка больше нет в списке приложения.
word-note-too-long = Комментарий слишком длинный (не более { $max } симв.).
word-outcome-not-queued = { $has_detail ->
    [yes] Не удалось сохранить результат на этом компьютере: { $detail }.
   *[no] Не удалось сохранить результат на этом компьютере.
}
word-outcome-refused = Сервер Callcard отклонил результат «{ $label }»: { $cause }.

## Набор номера.

word-enter-number = Введите номер телефона.
word-not-a-number = «{ $input }» — это не номер телефона.
word-softphone-command-invalid = { $has_detail ->
    [yes] Неверная команда софтфона: { $detail }.
   *[no] Неверная команда софтфона.
}
word-softphone-command-empty = Команда софтфона не задана.
word-dial-started = Звоним на { $number }: сначала зазвонит ваш телефон.
word-handed-to-softphone = Номер { $number } передан в софтфон.
word-no-tel-handler = На этом компьютере нет программы, открывающей ссылки tel: ({ $detail }).
word-softphone-not-started = { $has_detail ->
    [yes] Не удалось запустить софтфон «{ $program }»: { $detail }.
   *[no] Не удалось запустить софтфон «{ $program }».
}

## Проигрыватель записей.

word-bad-speed = Скорость может быть только 1x, 1.5x или 2x (получено: { $speed }).
word-unknown-player-action = Неизвестное действие проигрывателя: «{ $action }».
word-recordings-cache-failed = { $has_detail ->
    [yes] Не удалось создать кэш записей: { $detail }.
   *[no] Не удалось создать кэш записей.
}
word-recording-not-written = { $has_detail ->
    [yes] Не удалось сохранить запись: { $detail }.
   *[no] Не удалось сохранить запись.
}
word-download-broke-off = { $has_detail ->
    [yes] Загрузка прервалась: { $detail }.
   *[no] Загрузка прервалась.
}
word-download-cut-short = Запись загрузилась не полностью; повторите попытку.
word-recording-not-opened = { $has_detail ->
    [yes] Не удалось открыть запись: { $detail }.
   *[no] Не удалось открыть запись.
}
word-recording-undecodable = Не удалось воспроизвести запись: файл повреждён или не является аудиофайлом ({ $detail }).
word-no-sound-output = { $has_detail ->
    [yes] На этом компьютере нет устройства вывода звука: { $detail }.
   *[no] На этом компьютере нет устройства вывода звука.
}
word-seek-failed = { $has_detail ->
    [yes] Не удалось перейти к этому месту: { $detail }.
   *[no] Не удалось перейти к этому месту.
}

## Главное окно: шапка и состояние подключения.

status-not-configured = Не настроено: укажите ниже адрес сервера Callcard и свой токен
status-connecting = Подключение…
status-connected = Подключено
status-reconnecting = Повторное подключение через { $secs } с. { $reason }
status-auth-failed = Токен отклонён. { $reason }
status-protocol-mismatch = Несовместимый сервер Callcard. { $reason }
agent-with-extension = { $name } · доб. { $extension }
main-dial = Набрать номер…
main-do-not-disturb = Не беспокоить

## Списки звонков: столбцы и ячейки.

col-time = Время
col-when = Когда
col-client = Клиент
col-number = Номер
col-state = Статус
col-duration = Длительность
col-agent = Менеджер
col-outcome = Результат
col-outcome-and-note = Результат и комментарий
col-now = Сейчас
col-for = Длится
client-with-company = { $name } ({ $company })
client-new-number = Новый номер
client-open-journal =
    .title = Открыть историю клиента
number-hidden = скрыт
number-call =
    .title = Позвонить на { $number }
play-recording =
    .title = Прослушать запись
blacklisted-tag = в чёрном списке
blacklist-button = В чёрный список
    .title = Отклонять звонки с этого номера
unblock-button = Разблокировать
    .title = Снова принимать звонки с этого номера
outcome-sending = { $label } (отправка…)
outcome-logged-by = { $agent }, { $when }
outcome-logged-by-with-note = { $agent }, { $when }: { $note }
outcome-change =
    .title = Отметить или изменить результат
outcome-change-choose = изменить…
outcome-log-choose = отметить…

## Статусы, направления и итоги звонков (столбец статуса, последние звонки в карточке).

state-ringing = вызов
state-talking = разговор
state-answered = отвечен
state-ended = завершён
state-other = другое
direction-incoming = входящий
direction-outgoing = исходящий
disposition-answered = отвечен
disposition-missed = пропущен
disposition-busy = занято
disposition-no-answer = нет ответа
disposition-cancelled = отменён
disposition-failed = ошибка
disposition-no-money = нет средств
disposition-unallocated = несуществующий номер
disposition-line-limit = превышен лимит линий
disposition-transferred = переведён

## Разделы главного окна.

to-log-title = Отметить результат
to-log-hint = Ваши звонки, у которых ещё нет результата. Отметить его — один клик.
reminders-title = Перезвонить
reminder-unknown-number = Неизвестный номер
reminder-missed = { $count ->
    [one] { $count } пропущенный звонок, последний — { $when }
    [few] { $count } пропущенных звонка, последний — { $when }
    [many] { $count } пропущенных звонков, последний — { $when }
   *[other] { $count } пропущенного звонка, последний — { $when }
}
reminder-call-back = Перезвонить
calls-title = Звонки за сегодня
calls-none = Сегодня звонков ещё не было.
team-title = Команда
team-missed-title = Пропущенные сегодня
team-no-missed = Сегодня пропущенных звонков нет.
team-hidden-number = скрытый номер
# Дальше идут тикающие часы (м:сс).
team-waiting = В очереди: { $count }; дольше всех ждёт
team-nobody-waiting = Очередь пуста.
team-missed-times = { $count ->
    [one] { $count } раз
    [few] { $count } раза
    [many] { $count } раз
   *[other] { $count } раза
}
team-called-back = перезвонили
team-not-yet = ещё нет
activity-free = Свободен
activity-ringing = Вызов
activity-talking = Разговор
activity-wrap-up = Постобработка
activity-do-not-disturb = Не беспокоить

## Поиск по истории.

history-title = История
history-query =
    .placeholder = имя, компания или номер
history-from = с
history-to = по
history-direction =
    .title = Направление
history-both-directions = все направления
history-missed =
    .title = Пропущенные
history-answered-and-missed = отвеченные и пропущенные
history-missed-only = только пропущенные
history-answered-only = только отвеченные
history-outcome =
    .title = Результат
history-any-outcome = любой результат
history-agent = менеджер
history-any-agent = любой менеджер
history-search = Найти
history-more = Ещё
history-searching = Поиск…
history-found = { $count ->
    [0] Звонков не найдено.
    [one] Найден { $count } звонок.
    [few] Найдено { $count } звонка.
    [many] Найдено { $count } звонков.
   *[other] Найдено { $count } звонка.
}

## История клиента.

journal-close =
    .title = Закрыть
journal-lead = Лид
journal-client = Клиент
journal-responsible = Ответственный: { $name }
journal-blacklisted = В чёрном списке
journal-calls = { $count ->
    [one] { $count } звонок
    [few] { $count } звонка
    [many] { $count } звонков
   *[other] { $count } звонка
}
journal-new-number = Новый номер
journal-empty = С этим номером ещё не было звонков.
loading = Загрузка…

## Настройки.

settings-title = Настройки
settings-relay-url = Адрес сервера Callcard
settings-token = Токен доступа
settings-token-new =
    .placeholder = вставьте токен, выданный администратором
settings-token-saved =
    .placeholder = сохранён в системном хранилище паролей (оставьте поле пустым, чтобы не менять)
settings-wrap-up = Время до закрытия карточки после звонка, с
settings-start-at-login = Запускать при входе в систему
settings-start-hidden = Запускать свёрнутым в трей
settings-dial-mode = При нажатии на номер
settings-dial-pbx = АТС звонит сначала на мой телефон, затем клиенту
settings-dial-softphone = номер передаётся в мой софтфон
settings-softphone-command = Команда софтфона (необязательно; {"{"}number{"}"} заменяется номером)
settings-softphone-example =
    .placeholder = например, microsip.exe {"{"}number{"}"}; если пусто — системный обработчик tel:
settings-language = Язык
settings-language-system = как в системе
settings-save = Проверить и сохранить
settings-checking = Проверка…
settings-saved = Сохранено. Вы вошли как { $name }.

## Карточка звонка.

card-hidden-number = Скрытый номер
card-blacklisted = В чёрном списке
card-lead = Лид
card-new-number = Новый номер
card-name-client = Указать имя клиента
card-create-contact = Создать контакт
card-contact-name =
    .placeholder = Имя
card-contact-company =
    .placeholder = Компания
card-contact-save = Сохранить
card-manager = Менеджер
card-line = Линия
card-last-call = Последний звонок
card-outcome-note =
    .placeholder = Комментарий (необязательно)
card-logged = Отмечено:
card-play-recording = ▶ Запись
card-close =
    .title = Закрыть

## Проигрыватель записей.

player-play =
    .title = Воспроизвести
player-pause =
    .title = Пауза
player-stop =
    .title = Остановить
player-downloading = Загрузка…
player-downloading-percent = Загрузка… { $percent }%

## Набор номера.

dialer-input =
    .placeholder = Номер или имя
dialer-call = Позвонить
dialer-calling = Вызов…
dialer-contacts = Контакты
dialer-recent = Недавние звонки
