"""The option lists of the profile forms (manual 002 §3.2), kept apart from the models so the
long ones (民族, 省份, 执业范围) do not bury the model definitions."""

from django.db import models

ETHNICITIES = [
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族",
    "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族",
    "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族",
    "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族",
    "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族",
    "门巴族", "珞巴族", "基诺族", "其他",
]  # fmt: skip

PROVINCES = [
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
    "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
    "宁夏回族自治区", "新疆维吾尔自治区", "台湾省", "香港特别行政区", "澳门特别行政区",
]  # fmt: skip

PRACTICE_AREAS = [
    "民事诉讼", "刑事辩护", "行政诉讼", "公司法务", "合同纠纷", "婚姻家事", "劳动争议", "房地产与建设工程",
    "知识产权", "金融证券", "破产重整", "涉外法律", "海事海商", "税务", "医疗纠纷", "交通事故",
    "环境资源", "仲裁", "政府法律顾问", "其他",
]  # fmt: skip

POLITICAL_STATUSES = [
    "中共党员", "中共预备党员", "共青团员", "民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员",
    "致公党党员", "九三学社社员", "台盟盟员", "无党派人士", "群众",
]  # fmt: skip

MAX_PRACTICE_AREAS = 3


def as_choices(values):
    return [(value, value) for value in values]


class IdType(models.TextChoices):
    ID_CARD = "身份证", "身份证"
    PASSPORT = "护照", "护照"
    HK_MACAO = "港澳居民来往内地通行证", "港澳居民来往内地通行证"
    TAIWAN = "台湾居民来往大陆通行证", "台湾居民来往大陆通行证"
    OTHER = "其他", "其他"


class Residency(models.TextChoices):
    MAINLAND = "大陆居民", "大陆居民"
    HONG_KONG = "香港居民", "香港居民"
    MACAO = "澳门居民", "澳门居民"
    TAIWAN = "台湾居民", "台湾居民"
    FOREIGN = "外籍人士", "外籍人士"


class MaritalStatus(models.TextChoices):
    SINGLE = "未婚", "未婚"
    MARRIED = "已婚", "已婚"
    DIVORCED = "离异", "离异"
    WIDOWED = "丧偶", "丧偶"


class QualificationKind(models.TextChoices):
    LAWYER = "律师资格证书", "律师资格证书"
    LEGAL_PROFESSION = "法律职业资格证书", "法律职业资格证书"
    OTHER = "其他", "其他"


class QualificationMethod(models.TextChoices):
    LAWYER_EXAM = "全国律师资格考试", "全国律师资格考试"
    JUDICIAL_EXAM = "国家司法考试", "国家司法考试"
    UNIFIED_EXAM = "国家统一法律职业资格考试", "国家统一法律职业资格考试"
    ASSESSMENT = "考核授予", "考核授予"
    OTHER = "其他", "其他"


class LawyerTitle(models.TextChoices):
    FIRST = "一级律师", "一级律师"
    SECOND = "二级律师", "二级律师"
    THIRD = "三级律师", "三级律师"
    FOURTH = "四级律师", "四级律师"
    NONE = "无", "无"


class Country(models.TextChoices):
    DOMESTIC = "国内", "国内"
    ABROAD = "国外", "国外"


class EducationLevel(models.TextChoices):
    # Ordered from highest to lowest: the profile's 学历 is the first one found.
    DOCTORATE = "博士研究生", "博士研究生"
    MASTER = "硕士研究生", "硕士研究生"
    BACHELOR = "大学本科", "大学本科"
    COLLEGE = "大学专科", "大学专科"
    SECONDARY = "中专", "中专"
    HIGH_SCHOOL = "高中", "高中"
    NONE = "无", "无"


class Degree(models.TextChoices):
    DOCTOR = "博士", "博士"
    MASTER = "硕士", "硕士"
    BACHELOR = "学士", "学士"
    NONE = "无", "无"


class WorkKind(models.TextChoices):
    LAWYER = "律师", "律师"
    JUDGE = "法官", "法官"
    PROSECUTOR = "检察官", "检察官"
    CIVIL_SERVANT = "公务员", "公务员"
    CORPORATE = "企业法务", "企业法务"
    TEACHER = "教师", "教师"
    OTHER = "其他", "其他"


class Relation(models.TextChoices):
    SPOUSE = "配偶", "配偶"
    FATHER = "父亲", "父亲"
    MOTHER = "母亲", "母亲"
    CHILD = "子女", "子女"
    SIBLING = "兄弟姐妹", "兄弟姐妹"
    OTHER = "其他", "其他"


class Level(models.TextChoices):
    NATIONAL = "国家级", "国家级"
    PROVINCIAL = "省级", "省级"
    CITY = "市级", "市级"
    DISTRICT = "区县级", "区县级"
    OTHER = "其他", "其他"


class PenaltyKind(models.TextChoices):
    DISCIPLINE = "行业处分", "行业处分"
    ADMINISTRATIVE = "行政处罚", "行政处罚"
    CRIMINAL = "刑事处罚", "刑事处罚"
    OTHER = "其他", "其他"


class PoliticalRoleKind(models.TextChoices):
    PEOPLES_CONGRESS = "人大代表", "人大代表"
    CPPCC = "政协委员", "政协委员"
    OTHER = "其他", "其他"


class Proficiency(models.TextChoices):
    EXPERT = "精通", "精通"
    FLUENT = "熟练", "熟练"
    GOOD = "良好", "良好"
    BASIC = "一般", "一般"


class PublicationKind(models.TextChoices):
    MONOGRAPH = "专著", "专著"
    CO_AUTHORED = "合著", "合著"
    PAPER = "论文", "论文"
    TRANSLATION = "译著", "译著"
    OTHER = "其他", "其他"
