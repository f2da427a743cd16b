use super::*;

fn buttons(titles: &[&str]) -> Interactive {
    Interactive {
        header: None,
        body: "Which size?".into(),
        footer: None,
        action: InteractiveAction::Buttons {
            buttons: titles
                .iter()
                .enumerate()
                .map(|(i, t)| ReplyButton {
                    id: format!("b{i}"),
                    title: (*t).into(),
                })
                .collect(),
        },
    }
}

fn list(rows: usize, sections: usize) -> Interactive {
    Interactive {
        header: None,
        body: "Pick a delivery slot".into(),
        footer: None,
        action: InteractiveAction::List {
            button: "Slots".into(),
            sections: (0..sections)
                .map(|s| ListSection {
                    title: Some(format!("Day {s}")),
                    rows: (0..rows)
                        .map(|r| ListRow {
                            id: format!("s{s}r{r}"),
                            title: format!("{r}:00"),
                            description: None,
                        })
                        .collect(),
                })
                .collect(),
        },
    }
}

#[test]
fn one_to_three_buttons_of_at_most_twenty_characters() {
    assert_eq!(buttons(&["S", "M", "L"]).validate(), Ok(()));
    assert_eq!(
        buttons(&[]).validate(),
        Err(InteractiveError::ButtonCount(0))
    );
    assert_eq!(
        buttons(&["S", "M", "L", "XL"]).validate(),
        Err(InteractiveError::ButtonCount(4))
    );
    assert_eq!(buttons(&["a".repeat(20).as_str()]).validate(), Ok(()));
    assert!(matches!(
        buttons(&["a".repeat(21).as_str()]).validate(),
        Err(InteractiveError::ButtonTitleTooLong(_))
    ));
    assert_eq!(
        buttons(&["  "]).validate(),
        Err(InteractiveError::EmptyTitle)
    );
}

#[test]
fn list_rows_are_counted_across_sections() {
    assert_eq!(list(5, 2).validate(), Ok(()));
    assert_eq!(list(10, 1).validate(), Ok(()));
    assert_eq!(list(6, 2).validate(), Err(InteractiveError::RowCount(12)));
    assert_eq!(list(0, 1).validate(), Err(InteractiveError::RowCount(0)));
}

#[test]
fn several_sections_need_titles() {
    let mut l = list(2, 2);
    if let InteractiveAction::List { sections, .. } = &mut l.action {
        sections[1].title = None;
    }
    assert_eq!(l.validate(), Err(InteractiveError::SectionTitle));
    let mut single = list(2, 1);
    if let InteractiveAction::List { sections, .. } = &mut single.action {
        sections[0].title = None;
    }
    assert_eq!(single.validate(), Ok(()));
}

#[test]
fn duplicate_ids_and_long_texts_are_refused() {
    let mut b = buttons(&["S", "M"]);
    if let InteractiveAction::Buttons { buttons } = &mut b.action {
        buttons[1].id = buttons[0].id.clone();
    }
    assert!(matches!(
        b.validate(),
        Err(InteractiveError::DuplicateId(_))
    ));
    let mut long = buttons(&["S"]);
    long.body = "x".repeat(1025);
    assert_eq!(long.validate(), Err(InteractiveError::BodyTooLong(1025)));
    let mut header = buttons(&["S"]);
    header.header = Some("h".repeat(61));
    assert_eq!(header.validate(), Err(InteractiveError::HeaderTooLong(61)));
}

#[test]
fn control_messages_do_not_open_the_window() {
    let reaction = MessageContent::Reaction {
        target_wamid: "w".into(),
        emoji: Some("👍".into()),
    };
    assert!(reaction.is_control());
    assert!(!reaction.opens_service_window());
    let text = MessageContent::Text {
        body: "hi".into(),
        preview_url: false,
    };
    assert!(text.opens_service_window());
    assert_eq!(text.text(), Some("hi"));
}

#[test]
fn a_location_links_to_a_map_and_checks_its_range() {
    let place = Location {
        latitude: 32.0853,
        longitude: 34.781768,
        name: Some("Shop".into()),
        address: None,
        url: None,
    };
    assert!(place.map_url().contains("mlat=32.085300&mlon=34.781768"));
    assert!(place.is_valid());
    assert!(
        !Location {
            latitude: 91.0,
            ..place
        }
        .is_valid()
    );
}

#[test]
fn content_serialises_with_a_type_tag() {
    let json = serde_json::to_value(MessageContent::Reaction {
        target_wamid: "wamid.X".into(),
        emoji: None,
    })
    .expect("serialise");
    assert_eq!(json["type"], "reaction");
    assert_eq!(json["targetWamid"], "wamid.X");
}
