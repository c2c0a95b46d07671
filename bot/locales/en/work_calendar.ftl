calendar-name-RU = 🇷🇺 Russia
calendar-name-BY = 🇧🇾 Belarus
calendar-name-KZ = 🇰🇿 Kazakhstan
calendar-name-UZ = 🇺🇿 Uzbekistan
calendar-name-none = no calendar
calendar-line = Work calendar: { $calendar }
calendar-days-hint =
    Public holidays and transferred days come from the official calendar: { $calendar }. No check-ins or surveys on holidays, and the forecast doesn't count them. A Saturday made a working day by a transfer counts if you work Monday to Friday.
calendar-days-hint-none = The official calendar is off: only the weekdays you chose count, holidays aren't taken into account.
