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
    # "A or B" in a positive sentence ("wish to accompany a woman or a man")
    "list_either": _m("{rest} ou {last}", "{rest} or {last}", "{rest} أو {last}",
                      "{rest} або {last}", "{rest} یا {last}", "{rest} یا {last}",
                      "{rest} veya {last}", "{rest} o {last}"),
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
    "both_available": _m("Disponibles tous les deux : {slots}", "Both available: {slots}",
                         "كلاهما متاح: {slots}", "Обоє вільні: {slots}",
                         "هر دو وقت دارند: {slots}", "دواړه وزګار دي: {slots}",
                         "İkisi de müsait: {slots}", "Ambos disponibles: {slots}"),
    # more common slots than shown: one left, then several (number-neutral wording where
    # the language's plural would need more forms)
    "both_available_one_more": _m(
        "Disponibles tous les deux : {slots} et 1 autre créneau",
        "Both available: {slots} and 1 other time",
        "كلاهما متاح: {slots} ووقت آخر",
        "Обоє вільні: {slots} та ще один час",
        "هر دو وقت دارند: {slots} و یک وقت دیگر",
        "دواړه وزګار دي: {slots} او یو بل وخت",
        "İkisi de müsait: {slots} ve bir zaman dilimi daha",
        "Ambos disponibles: {slots} y 1 momento más"),
    "both_available_more": _m(
        "Disponibles tous les deux : {slots} et {n} autres créneaux",
        "Both available: {slots} and {n} other times",
        "كلاهما متاح: {slots} و{n} من الأوقات الأخرى",
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
    # who: the people's first names ({newcomer}, {volunteer}), or role words (role_*)
    "practise_french": _m("{newcomer} veut pratiquer le français : {volunteer} le parle",
                          "{newcomer} wants to practise French: {volunteer} speaks it",
                          "رغبة {newcomer}: التدرّب على الفرنسية، وهي من لغات {volunteer}",
                          "{newcomer} хоче практикувати французьку: {volunteer} нею говорить",
                          "{newcomer} می‌خواهد فرانسوی تمرین کند: {volunteer} فرانسوی صحبت می‌کند",
                          "{newcomer} غواړي فرانسوي تمرین کړي: {volunteer} فرانسوي خبرې کوي",
                          "{newcomer} Fransızca pratik yapmak istiyor: "
                          "{volunteer} Fransızca konuşuyor",
                          "{newcomer} quiere practicar francés: {volunteer} lo habla"),
    # the newcomer's first language (the most comfortable one) is spoken by the volunteer
    "first_language": _m("Langue commune : {name}, la première langue de {newcomer}",
                         "Common language: {name}, {newcomer}'s first language",
                         "لغة مشتركة: {name}، اللغة الأولى لدى {newcomer}",
                         "Спільна мова: {name}, основна мова, якою говорить {newcomer}",
                         "زبان مشترک: {name}، زبان اول {newcomer}",
                         "ګډه ژبه: {name}، د {newcomer} لومړۍ ژبه",
                         "Ortak dil: {name}, {newcomer} için ilk dil",
                         "Idioma en común: {name}, el primer idioma de {newcomer}"),
    "role_newcomer": _m("le nouvel arrivant", "the newcomer", "القادم الجديد", "новоприбулий",
                        "تازه‌وارد", "نوی راغلی", "yeni gelen kişi",
                        "la persona recién llegada"),
    "role_volunteer": _m("le bénévole", "the volunteer", "المتطوع", "волонтер", "داوطلب",
                         "رضاکار", "gönüllü", "el voluntario"),
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
    # whose gender wish could not be met: the newcomer's, or the nearby volunteers'
    "u_gender_newcomer": _m(
        "aucun bénévole proche n'est {gender}, comme le souhaite le nouvel arrivant",
        "no nearby volunteer is {gender}, as the newcomer wishes",
        "لا يوجد بين المتطوعين القريبين {gender} كما يرغب القادم الجديد",
        "серед волонтерів поблизу немає потрібної новоприбулому особи: {gender}",
        "هیچ داوطلب نزدیکی {gender} نیست، آن‌طور که تازه‌وارد می‌خواهد",
        "په نږدې رضاکارانو کې {gender} نشته، لکه څنګه چې نوی راغلی غواړي",
        "yakındaki gönüllüler arasında yeni gelen kişinin istediği gibi {gender} yok",
        "ningún voluntario cercano es {gender}, como desea la persona recién llegada"),
    "u_gender_volunteers": _m(
        "les bénévoles proches souhaitent accompagner {gender}",
        "the nearby volunteers wish to accompany {gender}",
        "يرغب المتطوعون القريبون في مرافقة {gender}",
        "волонтери поблизу хочуть супроводжувати іншу особу: {gender}",
        "داوطلبان نزدیک می‌خواهند همراه {gender} باشند",
        "نږدې رضاکاران غواړي چې له {gender} سره ملګري وي",
        "yakındaki gönüllüler {gender} ile eşleşmek istiyor",
        "los voluntarios cercanos desean acompañar a {gender}"),
    "u_gender_unknown": _m(
        "les bénévoles proches souhaitent accompagner {gender} ; le genre du nouvel arrivant "
        "n'est pas indiqué",
        "the nearby volunteers wish to accompany {gender}; the newcomer's gender is not given",
        "يرغب المتطوعون القريبون في مرافقة {gender}، وجنس القادم الجديد غير مذكور",
        "волонтери поблизу хочуть супроводжувати іншу особу: {gender}; стать новоприбулого "
        "не вказано",
        "داوطلبان نزدیک می‌خواهند همراه {gender} باشند و جنسیت تازه‌وارد مشخص نشده است",
        "نږدې رضاکاران غواړي چې له {gender} سره ملګري وي، او د نوي راغلي جنسیت نه دی "
        "ښودل شوی",
        "yakındaki gönüllüler {gender} ile eşleşmek istiyor; yeni gelen kişinin cinsiyeti "
        "belirtilmemiş",
        "los voluntarios cercanos desean acompañar a {gender}; el género de la persona "
        "recién llegada no está indicado"),
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
    "v_gender_newcomer": _m(
        "souhait du nouvel arrivant non respecté (binôme : {gender})",
        "the newcomer's wish is not met (buddy: {gender})",
        "لم تُحترم رغبة القادم الجديد (المرافق: {gender})",
        "побажання новоприбулого не виконано (супровідник: {gender})",
        "خواستهٔ تازه‌وارد رعایت نشده (همراه: {gender})",
        "د نوي راغلي غوښتنه نه ده رعایت شوې (ملګری: {gender})",
        "yeni gelen kişinin isteği karşılanmadı (rehber: {gender})",
        "deseo de la persona recién llegada no respetado (acompañante: {gender})"),
    "v_gender_volunteer": _m(
        "souhait du bénévole non respecté (accompagner : {gender})",
        "the volunteer's wish is not met (to accompany: {gender})",
        "لم تُحترم رغبة المتطوع (مرافقة: {gender})",
        "побажання волонтера не виконано (супроводжувати: {gender})",
        "خواستهٔ داوطلب رعایت نشده (همراهی با: {gender})",
        "د رضاکار غوښتنه نه ده رعایت شوې (ملګرتیا له: {gender})",
        "gönüllünün isteği karşılanmadı (eşleşme: {gender})",
        "deseo del voluntario no respetado (acompañar a: {gender})"),
    # a wish cannot be checked when the other person's gender is not given
    "v_gender_newcomer_unknown": _m(
        "souhait du nouvel arrivant (binôme : {gender}) : genre du bénévole non indiqué",
        "the newcomer's wish (buddy: {gender}): the volunteer's gender is not given",
        "رغبة القادم الجديد (المرافق: {gender}): جنس المتطوع غير مذكور",
        "побажання новоприбулого (супровідник: {gender}): стать волонтера не вказано",
        "خواستهٔ تازه‌وارد (همراه: {gender}): جنسیت داوطلب مشخص نشده",
        "د نوي راغلي غوښتنه (ملګری: {gender}): د رضاکار جنسیت نه دی ښودل شوی",
        "yeni gelen kişinin isteği (rehber: {gender}): gönüllünün cinsiyeti belirtilmemiş",
        "deseo de la persona recién llegada (acompañante: {gender}): el género del "
        "voluntario no está indicado"),
    "v_gender_volunteer_unknown": _m(
        "souhait du bénévole (accompagner : {gender}) : genre du nouvel arrivant non indiqué",
        "the volunteer's wish (to accompany: {gender}): the newcomer's gender is not given",
        "رغبة المتطوع (مرافقة: {gender}): جنس القادم الجديد غير مذكور",
        "побажання волонтера (супроводжувати: {gender}): стать новоприбулого не вказано",
        "خواستهٔ داوطلب (همراهی با: {gender}): جنسیت تازه‌وارد مشخص نشده",
        "د رضاکار غوښتنه (ملګرتیا له: {gender}): د نوي راغلي جنسیت نه دی ښودل شوی",
        "gönüllünün isteği (eşleşme: {gender}): yeni gelen kişinin cinsiyeti belirtilmemiş",
        "deseo del voluntario (acompañar a: {gender}): el género de la persona recién "
        "llegada no está indicado"),
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

#: genders in words, by the web app's values (``female``, ``male``, ``other``); the short
#: codes of older match files (``f``, ``m``, ``x``) are the same genders (GENDER_ALIASES)
GENDER_NAMES: dict[str, dict[str, str]] = {
    "female": _m("une femme", "a woman", "امرأة", "жінка", "زن", "ښځه", "bir kadın",
                 "una mujer"),
    "male": _m("un homme", "a man", "رجل", "чоловік", "مرد", "سړی", "bir erkek", "un hombre"),
    "other": _m("une personne d'un autre genre", "a person of another gender",
                "شخص من جنس آخر", "особа іншої статі", "شخصی با جنسیت دیگر",
                "د بل جنسیت کس", "başka cinsiyetten bir kişi", "una persona de otro género"),
}
GENDER_ALIASES = {"f": "female", "m": "male", "x": "other"}

#: score components in words (coordinator pages, explanations); unknown names stay as is
COMPONENT_NAMES: dict[str, dict[str, str]] = {
    "neighbourhood": _m("Quartier", "Neighbourhood", "الحيّ", "Район", "محله", "سیمه",
                        "Mahalle", "Barrio"),
    "interests": _m("Centres d'intérêt", "Interests", "الاهتمامات", "Інтереси",
                    "علاقه‌مندی‌ها", "علاقې", "İlgi alanları", "Intereses"),
    "availability": _m("Disponibilités", "Availability", "أوقات الفراغ", "Вільний час",
                       "وقت آزاد", "وزګار وخت", "Müsaitlik", "Disponibilidad"),
    "language": _m("Langue", "Language", "اللغة", "Мова", "زبان", "ژبه", "Dil", "Idioma"),
    "age": _m("Âge", "Age", "العمر", "Вік", "سن", "عمر", "Yaş", "Edad"),
    "household": _m("Situation de vie", "Life situation", "الظروف المعيشية",
                    "Життєві обставини", "وضعیت زندگی", "د ژوند حالت", "Yaşam koşulları",
                    "Situación de vida"),
}

#: languages that write decimals with a comma ("1,5 km")
DECIMAL_COMMA = frozenset({"fr", "uk", "tr", "es"})
