from wagtail import hooks

from member_center.demo import DEMO_ORDER_PAGES

from . import demo

hooks.register("register_demo_data", demo.load_demo, order=DEMO_ORDER_PAGES)
