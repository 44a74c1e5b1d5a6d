from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="问题")
    answer = blocks.RichTextBlock(label="回答", features=["bold", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = "常见问题"
        template = "home/blocks/faq_block.html"


class BodyBlock(blocks.StreamBlock):
    """The body of every content page."""

    heading = blocks.CharBlock(
        label="小标题", form_classname="title", icon="title", template="home/blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        label="段落", features=["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]
    )
    image = ImageBlock(label="图片")
    document = DocumentChooserBlock(label="附件", template="home/blocks/document_block.html")
    faq = FaqBlock()
