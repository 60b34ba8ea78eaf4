"""Which dataset this browser session reads: the choices, the sidebar's switch, the upload session, the link's name."""

from __future__ import annotations

import streamlit as st

from sidefx.importer import upload
from sidefx.serve import datasets
from sidefx.ui import keys
from sidefx.ui.text import literal

LINK_DATASET = "dataset"  # the link's parameter naming the dataset: 'default', a server folder's name, or 'upload'


def dataset_choices() -> dict[str, datasets.Choice]:
    """What this session may read: the default folder, the server's imported datasets, and its own upload."""
    found = [datasets.default_choice(), *datasets.on_server()]
    if uploaded := st.session_state.get(keys.UPLOAD):
        found.append(uploaded)
    return {c.key: c for c in found}


def link_value() -> str:
    """The link's name for this session's dataset."""
    return st.session_state.get(keys.DATASET, datasets.DEFAULT).removeprefix(datasets.SERVER_PREFIX)


def _from_link() -> None:
    """A session's first run: the dataset the link names, if this server has it; else a sentence saying why not."""
    value = st.query_params.get(LINK_DATASET)
    if value is None or value == datasets.DEFAULT:
        return
    key = value if value == datasets.UPLOAD else datasets.SERVER_PREFIX + value
    if key in dataset_choices():
        st.session_state[keys.DATASET] = key
    elif key == datasets.UPLOAD:
        st.session_state[keys.DATASET_GONE] = (
            "The link was to a survey someone uploaded, which only the browser tab that uploaded it can see: "
            "showing the default data."
        )
    else:
        st.session_state[keys.DATASET_GONE] = (
            f"The link's dataset '{value[:40]}' is not on this server: showing the default data."
        )


def chosen_dataset() -> datasets.Choice | None:
    """The dataset this session chose in the sidebar, or the link named (None: the default folder). Called before
    anything is read."""
    if switch_to := st.session_state.pop(keys.SWITCH_TO, None):  # an import just made: before the switch is drawn
        st.session_state[keys.DATASET] = switch_to
        forget_choices()
    if keys.DATASET not in st.session_state:
        _from_link()
    key = st.session_state.get(keys.DATASET, datasets.DEFAULT)
    if key == datasets.DEFAULT:
        return None
    choice = dataset_choices().get(key)
    if choice is None:  # removed from the server since it was chosen
        st.session_state[keys.DATASET] = datasets.DEFAULT
        st.session_state[keys.DATASET_GONE] = (
            "The dataset you chose is no longer on this server: showing the default data."
        )
        return None
    return choice


def use_upload(choice: datasets.Choice) -> None:
    """Offer this session's upload in the sidebar, and switch to it from the next run on (then call st.rerun)."""
    st.session_state[keys.UPLOAD] = choice
    st.session_state[keys.SWITCH_TO] = choice.key


def forget_choices() -> None:
    """A new dataset has other drugs and effects: the filters and page choices start again from the link."""
    for key in list(st.session_state):
        if keys.is_page_choice(str(key)):
            del st.session_state[key]


@st.cache_resource(scope="session", on_release=lambda s: s.close(), show_spinner=False)
def upload_session() -> upload.Session:
    """This browser session's upload folder: made on first use, removed (with its database) when the session ends."""
    return upload.Session.new()


def dataset_switch() -> None:
    """The sidebar's first widget: which dataset every page reads (drawn even when that dataset cannot be read)."""
    choices = dataset_choices()
    if st.session_state.get(keys.DATASET) not in choices:
        st.session_state[keys.DATASET] = datasets.DEFAULT
    with st.sidebar:
        st.selectbox(
            "Dataset",
            list(choices),
            key=keys.DATASET,
            format_func=lambda k: choices[k].label,
            on_change=forget_choices,
            help="The demo, the surveys imported on this server, and the survey you uploaded on the Import page "
            "(yours is seen by this browser tab only).",
        )
        gone = st.session_state.pop(keys.DATASET_GONE, None)
        st.session_state[keys.DATASET_SAID] = gone
        if gone:
            st.warning(literal(gone), icon=":material/folder_off:")


def dataset_notice() -> None:
    """The sidebar's sentence about a dataset that could not be opened, at the page's top too (a phone hides the
    sidebar)."""
    if said := st.session_state.pop(keys.DATASET_SAID, None):
        st.info(literal(said), icon=":material/folder_off:")
