"""Contact and negotiation: one organization's interest in another's achievement or demand, answered
once by the receiving organization (``CONTACT_TRANSITIONS``), then a message thread."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can
from kechuang.core.services import notification_send
from kechuang.core.workflow import transition
from kechuang.market.choices import CONTACT_TRANSITIONS, ContactStatus
from kechuang.market.models import Achievement, Contact, ContactMessage, Demand
from kechuang.market.services.common import audited, clean_text, ensure_member, save, save_new
from kechuang.registry.models import Organization


@transaction.atomic
def contact_create(
    *,
    actor: Any,
    from_org: Organization,
    message: str,
    achievement: Achievement | None = None,
    demand: Demand | None = None,
) -> Contact:
    """Express interest in a published achievement or an open demand of another organization."""
    ensure_member(actor, from_org)
    if (achievement is None) == (demand is None):
        raise ApplicationError(_("对接联系必须针对一项成果或一项需求。"))
    subject: Achievement | Demand = achievement if achievement is not None else demand  # type: ignore[assignment]
    ensure_can(actor, subject, "contact")
    if subject.owner_id == from_org.pk:
        raise ApplicationError(_("不能联系本单位发布的内容。"))
    message = clean_text(message, "message", _("留言"), max_length=2000)
    existing = Contact.objects.filter(from_org=from_org, achievement=achievement, demand=demand).exclude(
        status=ContactStatus.DECLINED
    )
    if existing.exists():
        raise ApplicationError(_("您已就此发起过对接，请在原对接中继续沟通。"))
    contact = Contact(
        from_org=from_org,
        from_user=actor,
        to_org=subject.owner,
        achievement=achievement,
        demand=demand,
        message=message,
    )
    save_new(contact, actor=actor, action="market.contact_create")
    for member in subject.owner.memberships.select_related("user"):
        notification_send(
            recipient=member.user,
            title=_("%(org)s希望对接“%(title)s”") % {"org": from_org.name, "title": subject.title},
            link=f"/market/contacts/{contact.pk}/",
            kind="market.contact",
        )
    return contact


@transaction.atomic
def contact_transition(*, contact: Contact, to: str, actor: Any, note: str = "") -> Contact:
    """Move the contact along ``CONTACT_TRANSITIONS`` (a status-change row and an audit record); every
    move out of "pending" is the answer, so its time is kept.  The caller checked the permission."""
    transition(obj=contact, to=to, actor=actor, transitions=CONTACT_TRANSITIONS, note=note)
    contact.responded_at = timezone.now()
    contact.save(update_fields=["responded_at", "updated_at"])
    return contact


@transaction.atomic
def contact_respond(*, contact: Contact, actor: Any, accept: bool) -> Contact:
    """The owner accepts (which reveals a demand's confidential part) or declines a contact."""
    ensure_can(actor, contact, "respond")
    if contact.status != ContactStatus.PENDING:
        raise ApplicationError(_("该对接已经回复过。"))
    action = "market.contact_accept" if accept else "market.contact_decline"
    with audited(actor=actor, action=action, target=contact, fields=["status"]):
        to = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
        contact_transition(contact=contact, to=to, actor=actor)
    if contact.from_user_id:
        notification_send(
            recipient=contact.from_user,
            title=(_("对方已接受您的对接请求") if accept else _("对方已拒绝您的对接请求")),
            link=f"/market/contacts/{contact.pk}/",
            kind="market.contact",
        )
    return contact


@transaction.atomic
def contact_message_post(*, contact: Contact, actor: Any, body: str) -> ContactMessage:
    ensure_can(actor, contact, "message")
    if contact.status == ContactStatus.DECLINED:
        raise ApplicationError(_("对接已被拒绝，不能继续发送消息。"))
    body = clean_text(body, "body", _("消息内容"), max_length=5000)
    msg = ContactMessage(contact=contact, author=actor, body=body)
    save(msg)
    after = {"message_id": msg.pk, "body": body}
    audit_log(actor=actor, action="market.contact_message", target=contact, after=after)
    return msg
