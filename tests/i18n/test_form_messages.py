"""WTForms' own messages that its Chinese catalogue leaves in English come out in Chinese."""

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectMultipleField, StringField
from wtforms.validators import Length


class Picker(FlaskForm):
    class Meta:
        csrf = False

    departments = SelectMultipleField(coerce=int, choices=[(1, "甲"), (2, "乙")])
    name = StringField(validators=[Length(max=3)])


def test_a_stale_choice_is_refused_in_chinese(app):
    with app.test_request_context("/login", method="POST"):
        app.preprocess_request()
        form = Picker(formdata=MultiDict([("departments", "4"), ("name", "太长的名字")]))
        assert not form.validate()
        assert form.departments.errors == ["“4”不是可选的选项，请刷新页面后重新选择。"]
        # What WTForms translates itself stays its own.
        assert "3" in form.name.errors[0] and "字" in form.name.errors[0]


def test_english_stays_english(app):
    with app.test_request_context("/login", method="POST"):
        from flask import session

        session["lang"] = "en"
        app.preprocess_request()
        form = Picker(formdata=MultiDict([("departments", "4")]))
        assert not form.validate()
        assert form.departments.errors == ["'4' is not a valid choice for this field."]
