"""How every form renders its fields and errors (templates/django/forms, includes/form_errors.html)."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.template.loader import render_to_string


class ChoiceForm(forms.Form):
    name = forms.CharField(label="Name")
    topic = forms.ChoiceField(label="Topic", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    extras = forms.MultipleChoiceField(
        label="Extras", choices=[("x", "X")], widget=forms.CheckboxSelectMultiple, required=False
    )


def test_errors_are_tied_to_their_field_and_summarized_with_links():
    form = ChoiceForm(data={})
    html = render_to_string("includes/form_errors.html", {"form": form}) + form.as_div()
    assert '<a href="#id_name">Name: This field is required.</a>' in html
    assert '<a href="#id_topic_0">Topic: This field is required.</a>' in html
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_error"' in html
    assert 'aria-invalid="true"' in html


def test_grouped_choices_have_a_legend_marked_required_when_required():
    html = ChoiceForm().as_div()
    assert '<legend>Topic <span class="required">(required)</span></legend>' in html
    assert "<legend>Extras</legend>" in html


def test_a_hint_a_person_typed_is_escaped():
    """An organizer's survey hint once redirected respondents with <meta http-equiv="refresh">."""
    hint = '<meta http-equiv="refresh" content="3;url=https://elsewhere.example/">Pick one'
    form = forms.Form()
    form.fields["answer"] = forms.CharField(label="Answer", help_text=hint)
    html = form.as_div()
    assert "<meta" not in html
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in html


def test_a_hint_we_wrote_as_html_keeps_its_markup():
    form = forms.Form()
    form.fields["password"] = forms.CharField(help_text=password_validators_help_text_html())
    assert "<ul><li>" in form.as_div()
