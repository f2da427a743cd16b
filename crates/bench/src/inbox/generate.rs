//! A busy shop's history, generated deterministically: customers writing Hebrew, Arabic,
//! Russian, Estonian and English, agents answering, media, labels, assignments, statuses
//! and what each agent has read. Written through the store's bulk loader.

use parley_core::agent::Role;
use parley_core::content::MessageContent;
use parley_core::label::LabelColor;
use parley_core::media::{Media, MediaKind};
use parley_core::status::DeliveryStatus;
use parley_core::triage::ConversationStatus;
use parley_core::{AgentId, ConversationId, LabelId, Timestamp};
use parley_store::{BulkOutbound, InboundRecord, Store};

/// The history ends here (2026-06-01); it spans two years before it.
pub const END: i64 = 1_780_272_000_000;
const SPAN: i64 = 2 * 365 * 24 * 3_600_000;
const DAY: i64 = 24 * 3_600_000;

/// Words that occur in exactly [`RARE_COUNT`] messages, one per script, for rare-word search.
pub const RARE_WORDS: [&str; 4] = ["flamingo", "פלמינגו", "фламинго", "فلامنغو"];
const RARE_COUNT: usize = 20;

/// What was generated, for choosing what to measure (kept beside a cached store).
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Generated {
    /// The agent at the desk (not the owner: their profile has a creation time).
    pub me: AgentId,
    /// Two labels, for the one-label and all-of-two-labels views.
    pub labels: [LabelId; 2],
    /// Busy conversations (many messages), to open and scroll.
    pub busy: Vec<ConversationId>,
    /// Typical conversations.
    pub typical: Vec<ConversationId>,
    /// A customer's number, for phone search.
    pub phone: String,
}

/// xorshift64*: deterministic, fast, and enough for shaping test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Hebrew,
    Arabic,
    Russian,
    Estonian,
    English,
}

struct Language {
    country: &'static str,
    names: &'static [&'static str],
    customer: &'static [&'static str],
    agent: &'static [&'static str],
}

fn language(script: Script) -> Language {
    match script {
        Script::Hebrew => Language {
            country: "97250",
            names: &[
                "נועה",
                "יוסי",
                "מיכל",
                "אבי",
                "שירה",
                "דניאל",
                "רותם",
                "עומר",
            ],
            customer: &[
                "שלום, האם יש לכם את הנעליים הכחולות במידה 38?",
                "מתי ההזמנה שלי תגיע?",
                "תודה רבה!",
                "אפשר לשלם בכרטיס אשראי כשהשליח מגיע?",
                "הזמנתי מעיל אבל הוא קטן מדי, איך מחזירים?",
                "יש משלוח לחיפה?",
                "המוצר הגיע שבור, מה עושים?",
                "באיזה שעות החנות פתוחה בשישי?",
            ],
            agent: &[
                "שלום! כן, יש במלאי. לשמור לך זוג?",
                "ההזמנה יצאה היום, תגיע תוך יומיים.",
                "בשמחה, אפשר לשלם לשליח.",
                "אפשר להחזיר תוך 14 יום עם הקבלה.",
            ],
        },
        Script::Arabic => Language {
            country: "97152",
            names: &[
                "محمد",
                "فاطمة",
                "أحمد",
                "ليلى",
                "خالد",
                "مريم",
                "يوسف",
                "نور",
            ],
            customer: &[
                "مرحبا، هل لديكم الحذاء الأزرق بمقاس ٣٨؟",
                "متى سيصل طلبي؟",
                "شكرا جزيلا",
                "هل يمكنني الدفع عند الاستلام؟",
                "أريد إرجاع السترة لأنها صغيرة",
                "هل يوجد توصيل إلى دبي؟",
                "وصل المنتج مكسورا، ماذا أفعل؟",
            ],
            agent: &[
                "أهلا! نعم متوفر، هل نحجز لك واحدا؟",
                "تم شحن طلبك اليوم وسيصل خلال يومين.",
                "نعم، الدفع عند الاستلام متاح.",
            ],
        },
        Script::Russian => Language {
            country: "7916",
            names: &[
                "Анна",
                "Иван",
                "Ольга",
                "Дмитрий",
                "Мария",
                "Сергей",
                "Елена",
                "Алексей",
            ],
            customer: &[
                "Здравствуйте, есть ли синие кроссовки 38 размера?",
                "Когда придёт мой заказ?",
                "Спасибо большое!",
                "Можно оплатить картой курьеру?",
                "Хочу вернуть куртку, она мне мала",
                "Есть доставка в Таллин?",
                "Товар пришёл повреждённым, что делать?",
            ],
            agent: &[
                "Здравствуйте! Да, есть в наличии. Отложить для вас?",
                "Ваш заказ отправлен сегодня, придёт через два дня.",
                "Да, курьер принимает карты.",
            ],
        },
        Script::Estonian => Language {
            country: "3725",
            names: &[
                "Mari", "Jüri", "Kadri", "Toomas", "Liis", "Andres", "Kertu", "Mart",
            ],
            customer: &[
                "Tere, kas teil on siniseid tosse suuruses 38?",
                "Millal minu tellimus kohale jõuab?",
                "Suur aitäh!",
                "Kas kulleriga saab kaardiga maksta?",
                "Soovin jope tagastada, see on liiga väike",
                "Kas saadate ka Tartusse?",
            ],
            agent: &[
                "Tere! Jah, on laos. Kas paneme teile kõrvale?",
                "Teie tellimus saadeti täna teele, jõuab kahe päevaga.",
            ],
        },
        Script::English => Language {
            country: "4477",
            names: &[
                "Emma", "James", "Olivia", "Noah", "Sophie", "Harry", "Grace", "Jack",
            ],
            customer: &[
                "Hi, do you have the blue sneakers in size 38?",
                "When will my order arrive? The tracking link does not open",
                "Thanks a lot!",
                "Can I pay by card when the courier comes?",
                "I would like to return the jacket, it is too small",
                "Do you deliver to Manchester?",
                "ok",
            ],
            agent: &[
                "Hi! Yes, we have them in stock. Shall we keep a pair for you?",
                "Your order shipped today and will arrive in two days.",
                "Sure, the courier takes cards.",
            ],
        },
    }
}

fn script_of(rng: &mut Rng) -> Script {
    match rng.below(100) {
        0..30 => Script::Hebrew,
        30..50 => Script::Arabic,
        50..70 => Script::Russian,
        70..85 => Script::Estonian,
        _ => Script::English,
    }
}

/// A message body: one to three phrases, sometimes with an order number.
fn body(rng: &mut Rng, phrases: &[&str]) -> String {
    let mut text = String::from(*rng.pick(phrases));
    for _ in 0..rng.below(3) {
        text.push(' ');
        let phrase = rng.pick::<&str>(phrases);
        text.push_str(phrase);
    }
    if rng.chance(0.15) {
        text.push_str(&format!(" #{}", 100_000 + rng.below(900_000)));
    }
    text
}

/// Fills `store` with `conversations` conversations and `messages` messages.
pub async fn fill(
    store: &Store,
    conversations: usize,
    messages: usize,
) -> anyhow::Result<Generated> {
    let mut rng = Rng::new(0x5eed_1234_abcd);
    let start = END - SPAN;
    let agents = [
        AgentId(1),
        store
            .add_agent("Dana", Role::Manager, None, Timestamp(start))
            .await?
            .id,
        store
            .add_agent("Karim", Role::Agent, None, Timestamp(start))
            .await?
            .id,
        store
            .add_agent("Olga", Role::Agent, None, Timestamp(start))
            .await?
            .id,
    ];
    let label_names = [
        ("VIP", LabelColor::Purple, 0.05),
        ("Paid", LabelColor::Green, 0.20),
        ("Wholesale", LabelColor::Blue, 0.03),
        ("Returns", LabelColor::Orange, 0.08),
        ("Постоянный", LabelColor::Sky, 0.10),
        ("לקוח חוזר", LabelColor::Indigo, 0.10),
    ];
    let mut labels = Vec::new();
    for (name, color, share) in label_names {
        let key = name.to_lowercase();
        labels.push((
            store.add_label(name, &key, color, Timestamp(start)).await?,
            share,
        ));
    }

    // Conversations start through the two years; a few are busy (Zipf-like counts).
    let scripts: Vec<Script> = (0..conversations).map(|_| script_of(&mut rng)).collect();
    let starts: Vec<i64> = (0..conversations)
        .map(|_| start + rng.below((SPAN - 30 * DAY) as u64) as i64)
        .collect();
    let weights: Vec<f64> = (0..conversations)
        .map(|i| 1.0 / ((i + 20) as f64).powf(0.9))
        .collect();
    let total: f64 = weights.iter().sum();
    let spare = messages.saturating_sub(conversations) as f64;
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|w| 1 + (w / total * spare) as usize)
        .collect();
    let mut missing = messages.saturating_sub(counts.iter().sum());
    while missing > 0 {
        counts[rng.below(conversations as u64) as usize] += 1;
        missing -= 1;
    }
    // Every message: (time, conversation). A conversation's messages follow its start at
    // minutes-to-days apart, so ids grow with time as they do in a real store.
    let mut timeline: Vec<(i64, u32)> = Vec::with_capacity(messages);
    for (index, &count) in counts.iter().enumerate() {
        let mut at = starts[index];
        let gap = ((END - at) / count as i64).max(1_000);
        for _ in 0..count {
            timeline.push((at, index as u32));
            at += 1_000 + rng.below(gap as u64 * 2) as i64;
            at = at.min(END - 1_000);
        }
    }
    timeline.sort_unstable();

    let mut rare_left: Vec<usize> = vec![RARE_COUNT; RARE_WORDS.len()];
    let mut seen = vec![false; conversations];
    let mut last_at = vec![0i64; conversations];
    let mut ids = vec![ConversationId(0); conversations];
    let assigned: Vec<Option<AgentId>> = (0..conversations)
        .map(|_| rng.chance(0.6).then(|| *rng.pick(&agents)))
        .collect();
    let mut loader = store.bulk_loader().await?;
    for (n, &(at, index)) in timeline.iter().enumerate() {
        let index = index as usize;
        let lang = language(scripts[index]);
        let wa_id = format!("{}{:07}", lang.country, index);
        let inbound = !seen[index] || rng.chance(0.55);
        seen[index] = true;
        last_at[index] = at;
        let mut text = body(&mut rng, if inbound { lang.customer } else { lang.agent });
        // Sprinkle each rare word over the history.
        let slot = n % (messages / (RARE_COUNT + 1)).max(1);
        if slot == 0 {
            for (word, left) in RARE_WORDS.iter().zip(rare_left.iter_mut()) {
                if *left > 0 {
                    *left -= 1;
                    text.push(' ');
                    text.push_str(word);
                }
            }
        }
        let id = if inbound {
            let content = if rng.chance(0.05) {
                let kind = *rng.pick(&[MediaKind::Image, MediaKind::Voice, MediaKind::Document]);
                MessageContent::Media {
                    media: Media {
                        kind,
                        id: Some(format!("media{n}")),
                        mime_type: Some(match kind {
                            MediaKind::Image => "image/jpeg".into(),
                            MediaKind::Voice => "audio/ogg".into(),
                            _ => "application/pdf".into(),
                        }),
                        sha256: None,
                        size: Some(20_000 + rng.below(2_000_000) as i64),
                        filename: (kind == MediaKind::Document).then(|| "invoice.pdf".into()),
                        caption: (kind == MediaKind::Image && rng.chance(0.5)).then_some(text),
                        animated: false,
                    },
                }
            } else {
                MessageContent::Text {
                    body: text,
                    preview_url: false,
                }
            };
            let record = InboundRecord {
                wamid: format!("wamid.in.{n}"),
                wa_id,
                user_id: None,
                profile_name: Some(rng.pick(lang.names).to_string()),
                kind: content.api_type().to_owned(),
                content,
                edited: None,
                context: None,
                referral: None,
                sent_at: Timestamp(at),
                payload: format!("{{\"id\":\"wamid.in.{n}\"}}"),
            };
            loader.inbound(&record, Timestamp(at + 1_500)).await?
        } else {
            let agent = assigned[index].unwrap_or(*rng.pick(&agents));
            let status = *rng.pick(&[
                DeliveryStatus::Read,
                DeliveryStatus::Read,
                DeliveryStatus::Delivered,
                DeliveryStatus::Sent,
            ]);
            let wamid = format!("wamid.out.{n}");
            let payload = format!("{{\"to\":\"{wa_id}\",\"type\":\"text\"}}");
            loader
                .outbound(&BulkOutbound {
                    wa_id: &wa_id,
                    body: &text,
                    payload: &payload,
                    agent,
                    wamid: &wamid,
                    status,
                    sent_at: Timestamp(at),
                })
                .await?
        };
        ids[index] = id;
    }
    // Triage: assignments, statuses, labels and reads, as agents leave them.
    for index in 0..conversations {
        let id = ids[index];
        let last = last_at[index];
        loader.assign(id, assigned[index]);
        let old = END - last > 14 * DAY;
        let status = if old && rng.chance(0.8) {
            ConversationStatus::Resolved
        } else if rng.chance(0.25) {
            ConversationStatus::Pending
        } else {
            ConversationStatus::Open
        };
        if status != ConversationStatus::Open {
            loader.set_status(id, status, Timestamp(last + 3_600_000));
        }
        for &(label, share) in &labels {
            if rng.chance(share) {
                loader.label(id, label, Timestamp(last));
            }
        }
        let read_share = if END - last > 7 * DAY { 0.9 } else { 0.3 };
        for &agent in &agents {
            if rng.chance(read_share) {
                loader.read(
                    agent,
                    id,
                    Timestamp(last + 60_000 + rng.below(3_600_000) as i64),
                );
            }
        }
    }
    loader.finish().await?;

    let mut by_size: Vec<usize> = (0..conversations).collect();
    by_size.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
    let busy = by_size.iter().take(20).map(|&i| ids[i]).collect();
    let typical = by_size
        .iter()
        .skip(conversations / 2)
        .step_by((conversations / 100).max(1))
        .take(50)
        .map(|&i| ids[i])
        .collect();
    let phone_index = conversations / 3;
    Ok(Generated {
        me: agents[1],
        labels: [labels[0].0, labels[1].0],
        busy,
        typical,
        phone: format!(
            "{}{:07}",
            language(scripts[phone_index]).country,
            phone_index
        ),
    })
}
