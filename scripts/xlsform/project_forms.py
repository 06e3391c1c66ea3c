"""XLSForms written for Waystone's conformance corpus. Every form, question and choice here is
invented; no real person or case is described.

`write_all(dir)` writes each form as DIR/<name>.xlsx with openpyxl (installed with pyxform).
Each form is a dict of sheets (list of rows, the first the header).
"""

import os

import openpyxl

EN_RU = ["label::English (en)", "label::Russian (ru)"]

YN = [
    ["list_name", "name"] + EN_RU,
    ["yn", "yes", "Yes", "Да"],
    ["yn", "no", "No", "Нет"],
]

SETTINGS = lambda form_id, title: [  # noqa: E731
    ["form_id", "version", "form_title", "default_language"],
    [form_id, "1", title, "English (en)"],
]

FORMS = {
    # --- supported features, which pyxform and Waystone must read the same way ---
    "p01_two_languages": {
        "survey": [
            ["type", "name"] + EN_RU + ["hint::English (en)", "hint::Russian (ru)", "required"],
            ["begin group", "consent", "Consent (invented form)", "Согласие (вымышленная форма)", "", "", ""],
            ["select_one yn", "agree", "Do you agree?", "Вы согласны?", "Read aloud", "Прочитайте вслух", "yes"],
            ["text", "interviewer", "Interviewer", "Интервьюер", "", "", ""],
            ["end group", "", "", "", "", "", ""],
        ],
        "choices": YN,
        "settings": SETTINGS("p01", "Two languages (invented)"),
    },
    "p02_skip_logic": {
        "survey": [
            ["type", "name"] + EN_RU + ["relevant", "required"],
            ["select_one yn", "detained", "Were you detained?", "Вас задерживали?", "", "yes"],
            ["integer", "days", "For how many days?", "Сколько дней?", "${detained} = 'yes'", "${detained} = 'yes'"],
            ["text", "place", "Where?", "Где?", "${detained} = 'yes' and ${days} > 1", ""],
        ],
        "choices": YN,
        "settings": SETTINGS("p02", "Skip logic (invented)"),
    },
    "p03_constraints": {
        "survey": [
            ["type", "name"] + EN_RU + ["constraint", "constraint_message::English (en)", "constraint_message::Russian (ru)"],
            ["integer", "age", "Age", "Возраст", ". >= 0 and . <= 120", "0 to 120", "От 0 до 120"],
            ["date", "born", "Date of birth", "Дата рождения", ". >= date('1900-01-01')", "After 1900", "После 1900 года"],
        ],
        "settings": SETTINGS("p03", "Constraints (invented)"),
    },
    "p04_repeat": {
        "survey": [
            ["type", "name"] + EN_RU,
            ["begin repeat", "episodes", "Episode", "Эпизод"],
            ["date", "when", "When", "Когда"],
            ["text", "where", "Where", "Где"],
            ["end repeat", "", "", ""],
            ["integer", "total", "How many in total?", "Сколько всего?"],
        ],
        "settings": SETTINGS("p04", "Repeat (invented)"),
    },
    "p05_nested_repeat": {
        "survey": [
            ["type", "name"] + EN_RU + ["relevant"],
            ["begin group", "events", "Events", "События", ""],
            ["begin repeat", "episodes", "Episode", "Эпизод", ""],
            ["text", "site", "Site", "Место", ""],
            ["begin repeat", "acts", "Act", "Действие", ""],
            ["select_multiple methods", "methods", "Methods", "Методы", ""],
            ["text", "methods_detail", "Details", "Подробности", "selected(${methods}, 'threats')"],
            ["end repeat", "", "", "", ""],
            ["end repeat", "", "", "", ""],
            ["end group", "", "", "", ""],
        ],
        "choices": [
            ["list_name", "name"] + EN_RU,
            ["methods", "beating", "Beating", "Избиение"],
            ["methods", "threats", "Threats", "Угрозы"],
        ],
        "settings": SETTINGS("p05", "Nested repeat (invented)"),
    },
    "p06_or_other": {
        "survey": [
            ["type", "name", "label"],
            ["select_one stage or_other", "stage", "Stage"],
        ],
        "choices": [
            ["list_name", "name", "label"],
            ["stage", "in_hiding", "In hiding"],
            ["stage", "relocated", "Relocated"],
        ],
    },
    "p07_media_and_ack": {
        "survey": [
            ["type", "name"] + EN_RU,
            ["acknowledge", "explained", "I explained the purpose", "Я объяснил(а) цель"],
            ["image", "photo", "Photo of a document", "Фото документа"],
            ["file", "scan", "Scan", "Скан"],
            ["audio", "recording", "Recording", "Запись"],
        ],
        "settings": SETTINGS("p07", "Media (invented)"),
    },
    "p08_appearances": {
        "survey": [
            ["type", "name"] + EN_RU + ["appearance"],
            ["begin group", "g", "Page", "Страница", "field-list"],
            ["text", "story", "Account", "Рассказ", "multiline"],
            ["date", "left", "Month left", "Месяц отъезда", "month-year"],
            ["date", "year", "Year", "Год", "year"],
            ["select_one yn", "ok", "OK?", "Хорошо?", "minimal"],
            ["end group", "", "", "", ""],
        ],
        "choices": YN,
        "settings": SETTINGS("p08", "Appearances (invented)"),
    },
    "p09_count_and_not": {
        "survey": [
            ["type", "name", "label", "relevant"],
            ["begin repeat", "people", "Person", ""],
            ["text", "pname", "Name", ""],
            ["end repeat", "", "", ""],
            ["text", "many", "Why so many?", "count(${people}) > 3"],
            ["select_one yn", "safe", "Safe?", ""],
            ["text", "why_not", "Why not?", "not(${safe} = 'yes')"],
        ],
        "choices": [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]],
    },
    "p10_waystone_columns": {
        "survey": [
            ["type", "name"] + EN_RU + ["sensitivity", "export", "waystone_type", "precisions"],
            ["text", "full_name", "Name", "Имя", "identity", "yes", "", ""],
            ["text", "city", "City now", "Город сейчас", "high_risk", "no", "place_ref", ""],
            ["select_one yes_no", "hiding", "In hiding?", "Скрывается?", "high_risk", "yes", "yes_no", ""],
            ["date", "when", "When", "Когда", "testimony", "yes", "", "exact month season year approximate"],
            ["text", "notes", "Notes", "Заметки", "internal", "no", "", ""],
        ],
        "choices": [["list_name", "name"] + EN_RU, ["yes_no", "yes", "Yes", "Да"], ["yes_no", "no", "No", "Нет"]],
        "settings": SETTINGS("p10", "Waystone columns (invented)"),
    },
    "p11_default_language_ru": {
        "survey": [
            ["type", "name", "label::Russian (ru)", "label::English (en)"],
            ["text", "q", "Вопрос", "Question"],
        ],
        "settings": [["form_id", "form_title", "default_language"], ["p11", "Русская форма (вымышленная)", "Russian (ru)"]],
    },
    "p12_three_languages": {
        "survey": [
            ["type", "name", "label::English (en)", "label::Russian (ru)", "label::Chechen (ce)"],
            ["text", "q", "Question", "Вопрос", "Хаттар"],
        ],
    },
    # decimals: exact text, constraints and comparisons with integers
    "p16_decimal": {
        "survey": [
            ["type", "name"] + EN_RU + ["constraint", "constraint_message::English (en)", "constraint_message::Russian (ru)", "relevant"],
            ["integer", "rooms", "Rooms (invented)", "Комнаты (вымышленные)", "", "", "", ""],
            ["decimal", "weight", "Weight, kg", "Вес, кг", ". >= 0.5 and . < 500", "From 0.5 to 500", "От 0,5 до 500", ""],
            ["text", "why", "Why?", "Почему?", "", "", "", "${weight} > ${rooms}"],
        ],
        "settings": SETTINGS("p16", "Decimals (invented)"),
    },
    "p17_decimal_plain": {
        "survey": [["type", "name", "label", "required"], ["decimal", "height", "Height, m", "yes"], ["decimal", "dose", "Dose", ""]],
    },
    # --- unsupported features: Waystone must refuse them with their row ---
    "u01_pulldata": {
        "survey": [
            ["type", "name", "label", "relevant"],
            ["text", "a", "A", ""],
            ["text", "b", "B", "pulldata('towns', 'region', 'name', ${a}) = 'x'"],
        ],
    },
    # cascading selects: `column = ${question}` terms joined by `and`
    "p13_choice_filter": {
        "survey": [
            ["type", "name", "label", "choice_filter"],
            ["select_one region", "region", "Region", ""],
            ["select_one town", "town", "Town", "region=${region}"],
        ],
        "choices": [
            ["list_name", "name", "label", "region"],
            ["region", "north", "North", ""],
            ["region", "south", "South", ""],
            ["town", "alpha", "Alpha", "north"],
            ["town", "beta", "Beta", "south"],
        ],
    },
    "p14_choice_filter_two_languages_and_repeat": {
        "survey": [
            ["type", "name"] + EN_RU + ["choice_filter"],
            ["select_one regions", "region", "Region", "Регион", ""],
            ["select_one kinds", "kind", "Kind of place", "Тип места", ""],
            ["begin repeat", "stays", "Stay", "Остановка", ""],
            ["select_one places", "place", "Place", "Место", "region = ${region} and ${kind} = kind"],
            ["end repeat", "", "", "", ""],
        ],
        "choices": [
            ["list_name", "name"] + EN_RU + ["region", "kind"],
            ["regions", "north", "North (invented)", "Север (вымышленный)", "", ""],
            ["regions", "south", "South (invented)", "Юг (вымышленный)", "", ""],
            ["kinds", "town", "Town", "Город", "", ""],
            ["kinds", "camp", "Camp", "Лагерь", "", ""],
            ["places", "alder", "Alderton", "Ольховск", "north", "town"],
            ["places", "tent1", "Tent camp one", "Палаточный лагерь 1", "north", "camp"],
            ["places", "cedar", "Cedarville", "Кедровск", "south", "town"],
        ],
        "settings": SETTINGS("p14", "Cascading selects (invented)"),
    },
    "p15_choice_filter_select_multiple": {
        "survey": [
            ["type", "name", "label", "choice_filter"],
            ["text", "country", "Country code", ""],
            ["select_multiple cities", "cities", "Cities", "country = ${country}"],
        ],
        "choices": [
            ["list_name", "name", "label", "country"],
            ["cities", "c1", "City one", "aa"],
            ["cities", "c2", "City two", "aa"],
            ["cities", "c3", "City three", "bb"],
        ],
    },
    "u02_choice_filter_or": {
        "survey": [
            ["type", "name", "label", "choice_filter"],
            ["select_one region", "region", "Region", ""],
            ["select_one town", "town", "Town", "region=${region} or region=''"],
        ],
        "choices": [
            ["list_name", "name", "label", "region"],
            ["region", "north", "North", ""],
            ["town", "alpha", "Alpha", "north"],
        ],
    },
    "u11_choice_filter_function": {
        "survey": [
            ["type", "name", "label", "choice_filter"],
            ["select_multiple region", "regions", "Regions", ""],
            ["select_one town", "town", "Town", "selected(${regions}, region)"],
        ],
        "choices": [
            ["list_name", "name", "label", "region"],
            ["region", "north", "North", ""],
            ["town", "alpha", "Alpha", "north"],
        ],
    },
    "u12_choice_filter_not_equal": {
        "survey": [
            ["type", "name", "label", "choice_filter"],
            ["select_one region", "region", "Region", ""],
            ["select_one town", "town", "Town", "region != ${region}"],
        ],
        "choices": [
            ["list_name", "name", "label", "region"],
            ["region", "north", "North", ""],
            ["town", "alpha", "Alpha", "north"],
        ],
    },
    "p18_note_calculate": {
        "survey": [
            ["type", "name", "label", "calculation"],
            ["note", "intro", "Invented introduction", ""],
            ["integer", "a", "A", ""],
            ["calculate", "double", "", "${a} * 2"],
        ],
    },
    # calculations: arithmetic, if(), concat(), round(); a read-only question showing one
    "p19_calculations": {
        "survey": [
            ["type", "name"] + EN_RU + ["calculation", "read_only", "relevant"],
            ["integer", "nights", "Nights (invented)", "Ночей (вымышленных)", "", "", ""],
            ["decimal", "rate", "Cost a night", "Цена за ночь", "", "", ""],
            ["calculate", "total", "", "", "${nights} * ${rate}", "", ""],
            ["calculate", "band", "", "", "if(${total} > 100, 'high', 'low')", "", ""],
            ["text", "summary", "Summary", "Итог", "concat(${nights}, ' x ', ${rate}, ' = ', round(${total}, 1))", "yes", ""],
            ["integer", "half", "Half the nights", "Половина ночей", "int(${nights} div 2) + ${nights} mod 2 - 0", "true()", ""],
            ["text", "why", "Why so much?", "Почему так дорого?", "", "", "${band} = 'high' and string-length(${summary}) > 3"],
        ],
        "settings": SETTINGS("p19", "Calculations (invented)"),
    },
    "p20_calculate_in_repeat": {
        "survey": [
            ["type", "name", "label", "calculation"],
            ["begin repeat", "stays", "Stay (invented)", ""],
            ["integer", "days", "Days", ""],
            ["calculate", "weeks", "", "round(${days} div 7, 1)"],
            ["calculate", "number", "", "count(${stays})"],
            ["end repeat", "", "", ""],
        ],
    },
    # a read-only question that nothing fills in: pyxform accepts it silently; Waystone refuses
    # it at its row (nobody could ever answer it)
    "u13_read_only_alone": {
        "survey": [["type", "name", "label", "read_only"], ["text", "b", "B", "yes"]],
    },
    "u14_calculation_forward": {
        "survey": [
            ["type", "name", "label", "calculation"],
            ["calculate", "c", "", "${later} + 1"],
            ["integer", "later", "Later", ""],
        ],
    },
    "u15_calculation_today": {
        "survey": [["type", "name", "label", "calculation"], ["calculate", "c", "", "today()"]],
    },
    "e09_calculate_without_calculation": {
        "survey": [["type", "name", "label", "calculation"], ["calculate", "c", "", ""]],
    },
    "p21_repeat_count": {
        "survey": [
            ["type", "name", "label", "repeat_count"],
            ["integer", "n", "How many?", ""],
            ["begin repeat", "r", "Each", "${n}"],
            ["text", "x", "X", ""],
            ["end repeat", "", "", ""],
        ],
    },
    "p22_default": {
        "survey": [
            ["type", "name", "label", "default"],
            ["text", "a", "A", "invented"],
        ],
    },
    "p23_repeat_count_constant_and_nested": {
        "survey": [
            ["type", "name"] + EN_RU + ["repeat_count", "calculation"],
            ["begin group", "family", "Family (invented)", "Семья (вымышленная)", "", ""],
            ["begin repeat", "visits", "Visit", "Визит", "2", ""],
            ["date", "on", "When", "Когда", "", ""],
            ["end repeat", "", "", "", "", ""],
            ["integer", "households", "Households", "Домохозяйства", "", ""],
            ["calculate", "households_checked", "", "", "", "${households}"],
            ["begin repeat", "household", "Household", "Домохозяйство", "${households_checked}", ""],
            ["integer", "members", "Members", "Члены семьи", "", ""],
            ["begin repeat", "member", "Member", "Член семьи", "${members}", ""],
            ["text", "role", "Role", "Роль", "", ""],
            ["end repeat", "", "", "", "", ""],
            ["end repeat", "", "", "", "", ""],
            ["end group", "", "", "", "", ""],
        ],
        "settings": SETTINGS("p23", "Counted repeats (invented)"),
    },
    "p24_defaults": {
        "survey": [
            ["type", "name"] + EN_RU + ["default", "precisions"],
            ["integer", "adults", "Adults", "Взрослые", "2", ""],
            ["decimal", "share", "Share", "Доля", "0.5", ""],
            ["select_one lang", "language", "Language", "Язык", "ru", ""],
            ["select_multiple lang", "also", "Also speaks", "Также говорит", "en ce", ""],
            ["date", "arrived", "Arrived", "Прибыл", "2024-05-01", ""],
            ["date", "month_only", "Month", "Месяц", "2024-05", "month"],
            ["select_one yn", "interpreter", "Interpreter?", "Переводчик?", "no", ""],
            ["text", "city", "City", "Город", "Invented City", ""],
        ],
        "choices": YN + [
            ["lang", "ru", "Russian", "Русский"],
            ["lang", "en", "English", "Английский"],
            ["lang", "ce", "Chechen", "Чеченский"],
        ],
        "settings": SETTINGS("p24", "Defaults (invented)"),
    },
    "p25_calculate_date_and_choice": {
        "survey": [
            ["type", "name"] + EN_RU + ["calculation", "read_only"],
            ["date", "left", "Left", "Уехал", "", ""],
            ["date", "back", "Back", "Вернулся", "", ""],
            ["calculate", "deadline", "", "", "date(${left}) + 30", ""],
            ["calculate", "days_away", "", "", "${back} - ${left}", ""],
            ["date", "review", "Review on", "Проверить", "${left} - 7", "yes"],
            ["select_one yn", "answer", "Answer", "Ответ", "", ""],
            ["calculate", "same_answer", "", "", "${answer}", ""],
            ["integer", "age", "Age", "Возраст", "", ""],
            ["select_one band", "band", "Band", "Группа", "if(${age} < 18, 'minor', 'adult')", "yes"],
        ],
        "choices": YN + [
            ["band", "minor", "Minor", "Несовершеннолетний"],
            ["band", "adult", "Adult", "Взрослый"],
        ],
        "settings": SETTINGS("p25", "Calculated dates and choices (invented)"),
    },
    "u16_default_dynamic": {
        "survey": [
            ["type", "name", "label", "default"],
            ["integer", "n", "N", ""],
            ["date", "d", "D", "now()"],
            ["integer", "m", "M", "${n}"],
        ],
    },
    "u17_repeat_count_decimal": {
        "survey": [
            ["type", "name", "label", "repeat_count"],
            ["decimal", "n", "How many?", ""],
            ["begin repeat", "r", "Each", "${n}"],
            ["text", "x", "X", ""],
            ["end repeat", "", "", ""],
        ],
    },
    "u18_calculate_date_partial_arithmetic": {
        "survey": [
            ["type", "name", "label", "calculation"],
            ["date", "d", "D", ""],
            ["calculate", "c", "", "${d} * 2"],
        ],
    },
    "u05_group_in_group": {
        "survey": [
            ["type", "name", "label"],
            ["begin group", "outer", "Outer"],
            ["begin group", "inner", "Inner"],
            ["text", "x", "X"],
            ["end group", "", ""],
            ["end group", "", ""],
        ],
    },
    "u07_geopoint_metadata": {
        "survey": [
            ["type", "name", "label"],
            ["start", "start", ""],
            ["geopoint", "where", "Where"],
        ],
    },
    "u09_external_select": {
        "survey": [["type", "name", "label"], ["select_one_from_file towns.csv", "town", "Town"]],
    },
    "u10_entities": {
        "survey": [["type", "name", "label", "save_to"], ["text", "who", "Who", "full_name"]],
        "entities": [["dataset", "label"], ["people", "${who}"]],
    },
    # --- errors in XLSForm itself: pyxform and Waystone must both reject ---
    "e08_choice_filter_unknown_question": {
        "survey": [
            ["type", "name", "label", "choice_filter"],
            ["select_one town", "town", "Town", "region = ${nowhere}"],
        ],
        "choices": [
            ["list_name", "name", "label", "region"],
            ["town", "alpha", "Alpha", "north"],
        ],
    },
    "e01_unclosed_group": {
        "survey": [["type", "name", "label"], ["begin group", "g", "G"], ["text", "a", "A"]],
    },
    "e02_duplicate_name": {
        "survey": [["type", "name", "label"], ["text", "a", "A"], ["text", "a", "A again"]],
    },
    "e03_unknown_type": {
        "survey": [["type", "name", "label"], ["frobnicate", "a", "A"]],
    },
    "e04_missing_list": {
        "survey": [["type", "name", "label"], ["select_one nowhere", "a", "A"]],
    },
    "e05_bad_reference": {
        "survey": [["type", "name", "label", "relevant"], ["text", "a", "A", "${nope} = 'x'"]],
    },
    "e06_end_without_begin": {
        "survey": [["type", "name", "label"], ["text", "a", "A"], ["end group", "", ""]],
    },
    "e07_no_name": {
        "survey": [["type", "name", "label"], ["text", "", "A"]],
    },
}


def write_all(directory):
    os.makedirs(directory, exist_ok=True)
    paths = []
    for name, sheets in FORMS.items():
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for sheet_name, rows in sheets.items():
            ws = wb.create_sheet(sheet_name)
            for row in rows:
                ws.append([c if c != "" else None for c in row])
        path = os.path.join(directory, name + ".xlsx")
        wb.save(path)
        paths.append(path)
    return paths
