"""The engine's sentences (reasons, unmatched causes, broken rules) in the app's 8 languages.

``MESSAGES[key][lang]`` is a ``str.format`` pattern; every language of a key has the same
``{placeholders}`` as the French one (a test checks it).  Reasons shown to newcomers and
volunteers address them formally (Ukrainian "ви", Turkish "siz", Spanish "usted", Arabic
plural); Dari ("fa") uses Afghan Persian words.  Unit and list patterns let a sentence put
numbers and lists in each language's own order.
"""
from __future__ import annotations

#: the output languages: French, English, Arabic, Ukrainian, Dari/Persian, Pashto, Turkish,
#: Spanish (the web app's interface languages)
LANGS = ("fr", "en", "ar", "uk", "fa", "ps", "tr", "es")


def _m(fr, en, ar, uk, fa, ps, tr, es) -> dict[str, str]:
    return {"fr": fr, "en": en, "ar": ar, "uk": uk, "fa": fa, "ps": ps, "tr": tr, "es": es}


# Lists and units.  French typography: a space before ':'.
MESSAGES: dict[str, dict[str, str]] = {
    "list_sep": _m(", ", ", ", "، ", ", ", "، ", "، ", ", ", ", "),
    "list_and": _m("{rest} et {last}", "{rest} and {last}", "{rest} و{last}",
                   "{rest} і {last}", "{rest} و {last}", "{rest} او {last}",
                   "{rest} ve {last}", "{rest} y {last}"),
    # in the negative sentence "nobody speaks A or B" (French and Spanish say "ni")
    "list_or": _m("{rest} ni {last}", "{rest} or {last}", "{rest} أو {last}",
                  "{rest} або {last}", "{rest} یا {last}", "{rest} یا {last}",
                  "{rest} veya {last}", "{rest} ni {last}"),
    "unit_m": _m("{n} m", "{n} m", "{n} م", "{n} м", "{n} متر", "{n} متره", "{n} m", "{n} m"),
    "unit_km": _m("{n} km", "{n} km", "{n} كم", "{n} км", "{n} کیلومتر", "{n} کیلومتره",
                  "{n} km", "{n} km"),
}

# Reasons for a proposed pair (matcher.explain.pair_reasons): the newcomer and the
# volunteer both read them.
MESSAGES.update({
    "same_nbhd": _m("Même quartier : {name}", "Same neighbourhood: {name}",
                    "الحيّ نفسه: {name}", "Той самий район: {name}", "همان محله: {name}",
                    "په یوه سیمه کې: {name}", "Aynı mahalle: {name}", "Mismo barrio: {name}"),
    "near_nbhd": _m("Quartiers proches : {a} et {b} ({km} km)",
                    "Nearby neighbourhoods: {a} and {b} ({km} km)",
                    "حيّان قريبان: {a} و{b} ({km} كم)",
                    "Сусідні райони: {a} і {b} ({km} км)",
                    "محله‌های نزدیک: {a} و {b} ({km} کیلومتر)",
                    "نږدې سیمې: {a} او {b} ({km} کیلومتره)",
                    "Yakın mahalleler: {a} ve {b} ({km} km)",
                    "Barrios cercanos: {a} y {b} ({km} km)"),
    "common_interests": _m("Intérêts communs : {items}", "Shared interests: {items}",
                           "اهتمامات مشتركة: {items}", "Спільні інтереси: {items}",
                           "علاقه‌مندی‌های مشترک: {items}", "ګډې علاقې: {items}",
                           "Ortak ilgi alanları: {items}", "Intereses en común: {items}"),
    "similar_about": _m("Présentations qui se ressemblent", "Similar self-descriptions",
                        "نبذتان شخصيتان متشابهتان", "Схожі розповіді про себе",
                        "معرفی‌های شبیه به هم", "ورته ځان پېژندنې",
                        "Birbirine benzeyen tanıtımlar", "Presentaciones parecidas"),
    "both_available": _m("Disponibles tous les deux le {slots}", "Both available on {slots}",
                         "كلاهما متاح: {slots}", "Обоє вільні: {slots}",
                         "هر دو وقت دارند: {slots}", "دواړه وزګار دي: {slots}",
                         "İkisi de müsait: {slots}", "Ambos disponibles: {slots}"),
    "both_available_more": _m(
        "Disponibles tous les deux le {slots} et {n} autres créneaux",
        "Both available on {slots} and {n} other slots",
        "كلاهما متاح: {slots} و{n} أوقات أخرى",
        "Обоє вільні: {slots} та інші часи (ще {n})",
        "هر دو وقت دارند: {slots} و {n} وقت دیگر",
        "دواړه وزګار دي: {slots} او {n} نور وختونه",
        "İkisi de müsait: {slots} ve {n} zaman dilimi daha",
        "Ambos disponibles: {slots} y {n} momentos más"),
    "no_common_slot": _m("Aucun créneau commun pour l'instant", "No common time slot yet",
                         "لا يوجد وقت مشترك حتى الآن", "Поки немає спільного часу",
                         "فعلاً وقت مشترکی نیست", "تر اوسه ګډ وخت نشته",
                         "Şimdilik ortak bir zaman yok", "Por ahora no hay un momento en común"),
    "common_language": _m("Langue commune : {name}", "Common language: {name}",
                          "لغة مشتركة: {name}", "Спільна мова: {name}", "زبان مشترک: {name}",
                          "ګډه ژبه: {name}", "Ortak dil: {name}", "Idioma en común: {name}"),
    "practise_french": _m("Parle français : idéal pour pratiquer",
                          "Speaks French: good for practising",
                          "يتحدث الفرنسية: فرصة جيدة للتدرّب",
                          "Говорить французькою: добре для практики",
                          "فرانسوی صحبت می‌کند: خوب برای تمرین",
                          "فرانسوي خبرې کوي: د تمرین لپاره ښه",
                          "Fransızca konuşuyor: pratik yapmak için ideal",
                          "Habla francés: ideal para practicar"),
    "intergenerational": _m("Rencontre intergénérationnelle souhaitée",
                            "Intergenerational pairing wished for",
                            "لقاء بين جيلين، كما هو مرغوب",
                            "Бажана зустріч різних поколінь",
                            "آشنایی میان دو نسل، طبق خواست",
                            "د دوو نسلونو ترمنځ لیدنه، لکه څنګه چې غوښتل شوې",
                            "İstendiği gibi kuşaklar arası bir tanışma",
                            "Encuentro entre generaciones, como se deseaba"),
    "close_age": _m("Âges proches", "Close in age", "عمران متقاربان", "Близький вік",
                    "سن‌های نزدیک به هم", "نږدې عمرونه", "Yaşlar birbirine yakın",
                    "Edades cercanas"),
    "same_household": _m("Situations de vie semblables", "Similar life situations",
                         "ظروف معيشية متشابهة", "Схожі життєві обставини",
                         "وضعیت زندگی مشابه", "د ژوند ورته حالت", "Benzer yaşam koşulları",
                         "Situaciones de vida parecidas"),
})

# Why a newcomer got nobody (matcher.explain.unmatched_reason): read by coordinators.
MESSAGES.update({
    "u_no_volunteer_near": _m(
        "aucun bénévole à moins de {km} km", "no volunteer within {km} km",
        "لا يوجد متطوع على بعد أقل من {km} كم", "немає волонтерів ближче ніж за {km} км",
        "هیچ داوطلبی در فاصلهٔ کمتر از {km} کیلومتر نیست",
        "له {km} کیلومترو په کم واټن کې هیڅ رضاکار نشته",
        "{km} km içinde hiç gönüllü yok", "ningún voluntario a menos de {km} km"),
    "u_no_language": _m(
        "personne ne parle {langs} à moins de {km} km", "nobody within {km} km speaks {langs}",
        "لا أحد يتحدث {langs} على بعد أقل من {km} كم",
        "ніхто ближче ніж за {km} км не говорить такими мовами: {langs}",
        "در فاصلهٔ کمتر از {km} کیلومتر هیچ‌کس {langs} صحبت نمی‌کند",
        "له {km} کیلومترو په کم واټن کې هیڅوک په {langs} خبرې نه کوي",
        "{km} km içinde kimse {langs} konuşmuyor", "nadie habla {langs} a menos de {km} km"),
    "u_gender": _m(
        "aucun bénévole proche ne correspond au souhait (binôme : {gender})",
        "no nearby volunteer fits the wish (buddy: {gender})",
        "لا يوجد متطوع قريب يوافق الرغبة (المرافق: {gender})",
        "жоден волонтер поблизу не відповідає побажанню (бажано: {gender})",
        "هیچ داوطلب نزدیکی با خواسته جور نمی‌آید (همراه: {gender})",
        "هیڅ نږدې رضاکار له غوښتنې سره سم نه دی (ملګری: {gender})",
        "yakındaki hiçbir gönüllü isteğe uymuyor (rehber: {gender})",
        "ningún voluntario cercano corresponde al deseo (acompañante: {gender})"),
    "u_gender_other": _m(
        "les bénévoles proches ont demandé un autre profil de nouvel arrivant",
        "the nearby volunteers asked for another kind of newcomer",
        "طلب المتطوعون القريبون نوعًا آخر من القادمين الجدد",
        "волонтери поблизу хочуть супроводжувати інших новоприбулих",
        "داوطلبان نزدیک نوع دیگری از تازه‌واردان را خواسته‌اند",
        "نږدې رضاکارانو بل ډول نوي راغلي خلک غوښتي دي",
        "yakındaki gönüllüler başka bir yeni gelen profili istedi",
        "los voluntarios cercanos pidieron otro perfil de recién llegado"),
    "u_full": _m(
        "tous les bénévoles proches sont complets", "all nearby volunteers are fully booked",
        "لا يوجد مكان شاغر لدى أي متطوع قريب", "усі волонтери поблизу вже зайняті",
        "ظرفیت همهٔ داوطلبان نزدیک پر است", "د ټولو نږدې رضاکارانو ځای ډک دی",
        "yakındaki tüm gönüllülerin yeri dolu",
        "todos los voluntarios cercanos están completos"),
    "u_excluded": _m(
        "tous les bénévoles compatibles ont déjà été proposés (refus, expiration ou fin)",
        "every compatible volunteer was already proposed (declined, expired or ended)",
        "سبق اقتراح جميع المتطوعين المناسبين (رفض أو انتهاء المهلة أو انتهاء المرافقة)",
        "усіх відповідних волонтерів уже пропонували (відмова, строк минув або завершено)",
        "همهٔ داوطلبان مناسب قبلاً پیشنهاد شده‌اند (رد، پایان مهلت یا پایان همراهی)",
        "ټول مناسب رضاکاران مخکې وړاندیز شوي (رد، د وخت پای یا پای ته رسېدل)",
        "uygun tüm gönüllüler daha önce önerildi (ret, süre dolması veya bitiş)",
        "todos los voluntarios compatibles ya fueron propuestos (rechazo, vencimiento o fin)"),
    "u_min_score": _m(
        "aucun bénévole proche n'atteint le score minimal ({min})",
        "no nearby volunteer reaches the minimum score ({min})",
        "لا يبلغ أي متطوع قريب الحد الأدنى للنتيجة ({min})",
        "жоден волонтер поблизу не досягає мінімального балу ({min})",
        "هیچ داوطلب نزدیکی به حداقل امتیاز ({min}) نمی‌رسد",
        "هیڅ نږدې رضاکار لږ تر لږه نمرې ({min}) ته نه رسېږي",
        "yakındaki hiçbir gönüllü en düşük puana ({min}) ulaşmıyor",
        "ningún voluntario cercano alcanza la puntuación mínima ({min})"),
    "u_taken": _m(
        "les {n} bénévoles compatibles sont pris par d'autres nouveaux arrivants",
        "the {n} compatible volunteers went to other newcomers",
        "المتطوعون المناسبون ({n}) ذهبوا إلى قادمين جدد آخرين",
        "відповідні волонтери ({n}) дісталися іншим новоприбулим",
        "{n} داوطلب مناسب به تازه‌واردان دیگر رسیده‌اند",
        "{n} مناسب رضاکاران نورو نویو راغلو ته ورکړل شوي",
        "uygun {n} gönüllü başka yeni gelenlere verildi",
        "los {n} voluntarios compatibles fueron para otros recién llegados"),
    "u_taken_one": _m(
        "le seul bénévole compatible est pris par un autre nouvel arrivant",
        "the only compatible volunteer went to another newcomer",
        "المتطوع المناسب الوحيد ذهب إلى قادم جديد آخر",
        "єдиний відповідний волонтер дістався іншому новоприбулому",
        "تنها داوطلب مناسب به تازه‌وارد دیگری رسیده است",
        "یوازینی مناسب رضاکار بل نوي راغلي ته ورکړل شوی",
        "uygun tek gönüllü başka bir yeni gelene verildi",
        "el único voluntario compatible fue para otro recién llegado"),
})

# Hard rules a pair breaks (matcher.explain.violations): read by coordinators.
MESSAGES.update({
    "v_distance": _m("distance {km} km au-delà de la limite de {max} km",
                     "distance {km} km beyond the {max} km limit",
                     "المسافة {km} كم تتجاوز الحد {max} كم",
                     "відстань {km} км більша за межу {max} км",
                     "فاصلهٔ {km} کیلومتر بیشتر از حد {max} کیلومتر است",
                     "{km} کیلومتره واټن له {max} کیلومترو حد څخه زیات دی",
                     "{km} km mesafe, {max} km sınırının üstünde",
                     "distancia de {km} km, más allá del límite de {max} km"),
    "v_language": _m("aucune langue commune", "no common language", "لا توجد لغة مشتركة",
                     "немає спільної мови", "زبان مشترکی نیست", "ګډه ژبه نشته",
                     "ortak dil yok", "ningún idioma en común"),
    "v_gender": _m("souhait de genre non respecté", "gender wish not met",
                   "لم تُحترم الرغبة في جنس المرافق", "побажання щодо статі не виконано",
                   "خواستهٔ جنسیت رعایت نشده", "د جنسیت غوښتنه نه ده رعایت شوې",
                   "cinsiyet isteği karşılanmadı", "deseo de género no respetado"),
    "v_capacity": _m("bénévole complet", "volunteer fully booked",
                     "لا يوجد مكان شاغر لدى المتطوع", "волонтер уже зайнятий",
                     "ظرفیت داوطلب پر است", "د رضاکار ځای ډک دی", "gönüllünün yeri dolu",
                     "voluntario completo"),
    "v_excluded": _m("paire déjà proposée (refus, expiration ou fin)",
                     "pair already proposed (declined, expired or ended)",
                     "سبق اقتراح هذا الثنائي (رفض أو انتهاء المهلة أو انتهاء المرافقة)",
                     "цю пару вже пропонували (відмова, строк минув або завершено)",
                     "این جوره قبلاً پیشنهاد شده (رد، پایان مهلت یا پایان همراهی)",
                     "دا جوړه مخکې وړاندیز شوې (رد، د وخت پای یا پای ته رسېدل)",
                     "bu eşleşme daha önce önerildi (ret, süre dolması veya bitiş)",
                     "pareja ya propuesta (rechazo, vencimiento o fin)"),
    "v_min_score": _m("score {score} sous le minimum {min}",
                      "score {score} below the minimum {min}",
                      "النتيجة {score} أقل من الحد الأدنى {min}",
                      "бал {score} нижчий за мінімум {min}",
                      "امتیاز {score} کمتر از حداقل {min}",
                      "نمره {score} له لږ تر لږه {min} څخه ټیټه ده",
                      "{score} puan, en düşük {min} puanın altında",
                      "puntuación {score} por debajo del mínimo {min}"),
})

# Activity suggestions (matcher.activities): the person they are for reads them.
_IN_YOUR_NBHD = _m("Dans votre quartier", "In your neighbourhood", "في حيّكم",
                   "У вашому районі", "در محلهٔ شما", "ستاسو په سیمه کې", "Mahallenizde",
                   "En su barrio")
MESSAGES.update({
    "a_same_nbhd": _IN_YOUR_NBHD,
    "a_near": _m("À {distance} de chez vous", "{distance} from your home",
                 "على بعد {distance} من منزلكم", "За {distance} від вашого дому",
                 "به فاصلهٔ {distance} از خانهٔ شما", "ستاسو له کوره {distance} لرې",
                 "Evinize {distance} uzaklıkta", "A {distance} de su casa"),
    "a_interests": _m("Vous aimez : {items}", "You like: {items}", "تحبّون: {items}",
                      "Вам подобається: {items}", "علاقهٔ شما: {items}",
                      "تاسو خوښوئ: {items}", "Sevdikleriniz: {items}", "Le gusta: {items}"),
    "a_free": _m("Pendant vos disponibilités : {slot}", "When you are free: {slot}",
                 "في وقت فراغكم: {slot}", "Коли ви вільні: {slot}",
                 "در وقت آزاد شما: {slot}", "ستاسو په وزګار وخت کې: {slot}",
                 "Boş olduğunuz zaman: {slot}", "Cuando usted está libre: {slot}"),
    "a_language": _m("On y parle {name}", "{name} is spoken there",
                     "اللغة المستخدمة هناك: {name}", "Там говорять мовою: {name}",
                     "آنجا به {name} صحبت می‌شود", "هلته په {name} خبرې کېږي",
                     "Orada {name} konuşuluyor", "Allí se habla {name}"),
    "a_for_families": _m("Pour les familles", "For families", "للعائلات", "Для сімей",
                         "برای خانواده‌ها", "د کورنیو لپاره", "Aileler için", "Para familias"),
    "a_for_seniors": _m("Pour les seniors", "For seniors", "لكبار السن",
                        "Для людей старшого віку", "برای سالمندان", "د زړو خلکو لپاره",
                        "İleri yaştakiler için", "Para personas mayores"),
    "a_for_women": _m("Entre femmes", "For women", "بين النساء", "Для жінок",
                      "ویژهٔ خانم‌ها", "د ښځو لپاره", "Kadınlara özel", "Entre mujeres"),
    "a_open": _m("Ouvert à tous", "Open to everyone", "مفتوح للجميع", "Відкрито для всіх",
                 "برای همه باز است", "د ټولو لپاره خلاص دی", "Herkese açık",
                 "Abierto a todos"),
    "p_nbhd": _IN_YOUR_NBHD,
    "p_interests": _m("Vous aimez tous les deux : {items}", "You both like: {items}",
                      "كلاكما يحبّ: {items}", "Вам обом подобається: {items}",
                      "هر دوی شما دوست دارید: {items}", "تاسو دواړه خوښوئ: {items}",
                      "İkinizin de sevdiği: {items}", "A los dos les gusta: {items}"),
    "p_free": _m("Libres tous les deux : {slot}", "You are both free: {slot}",
                 "كلاكما متاح: {slot}", "Ви обоє вільні: {slot}",
                 "هر دوی شما وقت دارید: {slot}", "تاسو دواړه وزګار یاست: {slot}",
                 "İkiniz de boşsunuz: {slot}", "Los dos están libres: {slot}"),
})

GENDER_NAMES: dict[str, dict[str, str]] = {
    "f": _m("une femme", "a woman", "امرأة", "жінка", "زن", "ښځه", "bir kadın", "una mujer"),
    "m": _m("un homme", "a man", "رجل", "чоловік", "مرد", "سړی", "bir erkek", "un hombre"),
    "x": _m("une personne non binaire", "a non-binary person", "شخص غير ثنائي الجنس",
            "небінарна особа", "شخص نان‌باینری", "نان‌باینري کس", "non-binary bir kişi",
            "una persona no binaria"),
}

#: languages that write decimals with a comma ("1,5 km")
DECIMAL_COMMA = frozenset({"fr", "uk", "tr", "es"})
