"""Document templates (modèles de documents) with their versions and files."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, str_enum, utcnow
from app.models.files import StoredFileMixin
from app.models.user import User


class TemplateCategory(enum.StrEnum):
    MARCHE_FOURNITURES = "marches-fournitures"
    MARCHE_SERVICES = "marches-services"
    MARCHE_TRAVAUX = "marches-travaux"
    CONVENTION_SOUTIEN = "convention-soutien-humain"
    CONVENTION_PRET = "convention-pret-materiel"
    AUTRE = "autre"

    @property
    def label(self) -> str:
        return TEMPLATE_CATEGORY_LABELS[self]

    @property
    def group(self) -> str:
        if self.value.startswith("marches-"):
            return "Marchés de faible montant"
        if self.value.startswith("convention-"):
            return "Conventions e-plateforme"
        return "Autres"


TEMPLATE_CATEGORY_LABELS = {
    TemplateCategory.MARCHE_FOURNITURES: "Marchés de faible montant – fournitures",
    TemplateCategory.MARCHE_SERVICES: "Marchés de faible montant – services",
    TemplateCategory.MARCHE_TRAVAUX: "Marchés de faible montant – travaux",
    TemplateCategory.CONVENTION_SOUTIEN: "Conventions e-plateforme – soutien humain",
    TemplateCategory.CONVENTION_PRET: "Conventions e-plateforme – prêt de matériel",
    TemplateCategory.AUTRE: "Autres",
}


class DocumentTemplate(Base):
    """A template page; its URL never changes when new versions arrive."""

    __tablename__ = "document_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[TemplateCategory] = mapped_column(
        str_enum(TemplateCategory, length=40), index=True)
    indicative: Mapped[bool] = mapped_column(default=True)  # "modèle indicatif"
    is_published: Mapped[bool] = mapped_column(default=False, index=True)
    position: Mapped[int] = mapped_column(default=0)
    download_count: Mapped[int] = mapped_column(default=0)
    # Accent-free lower-case words of title and description, for search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("template_version.id", use_alter=True, ondelete="SET NULL"))

    versions: Mapped[list[TemplateVersion]] = relationship(
        back_populates="template", foreign_keys="TemplateVersion.template_id",
        order_by="TemplateVersion.number.desc()", cascade="all, delete-orphan")
    current_version: Mapped[TemplateVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True)


class TemplateVersion(Base):
    __tablename__ = "template_version"
    __table_args__ = (UniqueConstraint("template_id", "number",
                                       name="uq_template_version_template_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("document_template.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    template: Mapped[DocumentTemplate] = relationship(
        back_populates="versions", foreign_keys=[template_id])
    created_by: Mapped[User | None] = relationship()
    files: Mapped[list[TemplateFile]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="TemplateFile.format")


class TemplateFile(StoredFileMixin, Base):
    """One format (docx, odt, pdf, xlsx, ods) of one version."""

    __tablename__ = "template_file"
    __table_args__ = (UniqueConstraint("version_id", "format",
                                       name="uq_template_file_version_format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("template_version.id", ondelete="CASCADE"), index=True)
    format: Mapped[str] = mapped_column(String(8))
    download_count: Mapped[int] = mapped_column(default=0)

    version: Mapped[TemplateVersion] = relationship(back_populates="files")
