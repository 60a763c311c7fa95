"""The web chat: Gradio app, login, conversation history, feedback, knowledge administration."""
